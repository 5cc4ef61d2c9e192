using System.Globalization;
using Identity.Core.Phrases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.Ui.Localization;

/// <summary>
/// The first step of each hosted-page request's language choice, which chooses nothing itself: it brings the custom
/// phrases up to date (<see cref="ICustomPhrases.CurrentAsync"/>: a change made on this instance is read here, once),
/// and makes every language with custom phrases one the pages speak, next to the built-in English and German, so
/// ui_locales, Accept-Language and the fallback language that follow may choose it, without a rebuild.
/// </summary>
public sealed class CustomPhraseLanguages : RequestCultureProvider
{
    private volatile CustomPhraseSet? _applied;

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var phrases = await httpContext.RequestServices.GetRequiredService<ICustomPhrases>().CurrentAsync(httpContext.RequestAborted);
        if (!ReferenceEquals(_applied, phrases))
        {
            Apply(httpContext.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value, phrases);
            _applied = phrases;
        }
        return null;
    }

    /// <summary>The built-in languages and those with custom phrases, as the request localization's supported cultures.</summary>
    internal static void Apply(RequestLocalizationOptions options, CustomPhraseSet phrases)
    {
        // The localization middleware reads these lists on each request: each reading gets a whole new list (one
        // reference written), never one being changed.
        IList<CultureInfo> cultures = [.. HostedPagesLocalization.SupportedLanguages.Concat(phrases.Languages)
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(CultureInfo.GetCultureInfo)];
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
    }
}
