using System.Globalization;
using Identity.Core.Phrases;
using Microsoft.Extensions.Localization;

namespace Identity.Ui.Localization;

/// <summary>
/// The pages' strings with the admin's custom phrases first: for the request's UI culture, its custom text (exact
/// tag, then parent: <c>de-AT</c>, then <c>de</c>), else the built-in resource text, else the English key. Reads the
/// phrases already in memory (<see cref="ICustomPhrases.Latest"/>): no query while a page renders.
/// </summary>
internal sealed class CustomPhraseLocalizer(IStringLocalizer builtIn, ICustomPhrases phrases) : IStringLocalizer
{
    public LocalizedString this[string name] =>
        phrases.Latest.Find(CultureInfo.CurrentUICulture, name) is { } text ? new LocalizedString(name, text, resourceNotFound: false) : builtIn[name];

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            if (phrases.Latest.Find(CultureInfo.CurrentUICulture, name) is { } text)
            {
                try
                {
                    return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text, arguments), resourceNotFound: false);
                }
                catch (FormatException)
                {
                    // The admin refuses such a text; should one be stored anyway, the page shows the built-in text.
                }
            }
            return builtIn[name, arguments];
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var latest = phrases.Latest;
        return builtIn.GetAllStrings(includeParentCultures).Select(s =>
            latest.Find(CultureInfo.CurrentUICulture, s.Name) is { } text ? new LocalizedString(s.Name, text, resourceNotFound: false) : s);
    }
}

/// <summary>
/// Creates the pages' localizer (<see cref="SharedResource"/>) with the custom phrases in front of the built-in
/// resources; any other localizer is the resources' alone.
/// </summary>
internal sealed class CustomPhraseLocalizerFactory(ResourceManagerStringLocalizerFactory resources, ICustomPhrases phrases) : IStringLocalizerFactory
{
    // IStringLocalizer<SharedResource> is created for every page and view: one wrapper serves them all.
    private CustomPhraseLocalizer? _pages;

    public IStringLocalizer Create(Type resourceSource) => resourceSource == typeof(SharedResource)
        ? _pages ??= new CustomPhraseLocalizer(resources.Create(resourceSource), phrases)
        : resources.Create(resourceSource);

    public IStringLocalizer Create(string baseName, string location) => resources.Create(baseName, location);
}
