using AngleSharp.Dom;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>English and German: chosen by ui_locales, then the browser's Accept-Language; no English left under German.</summary>
public sealed class LocalizationTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static readonly string[] Pages = ["/sign-in", "/register", "/sign-out", "/signed-out", "/"];

    [Fact]
    public async Task AcceptLanguageGerman_ShowsTheSignInPageInGerman()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de-DE,de;q=0.9,en;q=0.5";

        var page = await browser.GoAsync("/sign-in");

        Assert.Equal("Bei Ihrem Konto anmelden", page.Heading);
        Assert.Equal("Benutzername", page.LabelFor("username"));
        Assert.Equal("Passwort", page.LabelFor("password"));
        Assert.Equal("de", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task UiLocalesOnTheAuthorizationRequest_WinsOverTheBrowsersLanguage()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "en-US,en;q=0.9";

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["ui_locales"] = "fr-CA de" }));

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Equal("Bei Ihrem Konto anmelden", page.Heading);
    }

    [Fact]
    public async Task UnsupportedLanguage_FallsBackToEnglish()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "ja-JP";

        var page = await browser.GoAsync("/sign-in");

        Assert.Equal("Sign in to your account", page.Heading);
    }

    [Fact]
    public async Task GermanPages_ShowNoEnglishText()
    {
        using var english = server.NewBrowser();
        using var german = server.NewBrowser();
        german.AcceptLanguage = "de";

        foreach (var path in Pages)
        {
            var englishTexts = Texts((await english.GoAsync(path)).Document);
            var germanTexts = Texts((await german.GoAsync(path)).Document).ToHashSet(StringComparer.Ordinal);

            // The product name and URL paths read the same in every language.
            var untranslated = englishTexts.Where(germanTexts.Contains).Where(t => t != "Identity" && !t.StartsWith('/')).ToList();
            Assert.True(untranslated.Count == 0, $"{path} shows English under German: {string.Join(" | ", untranslated)}");
        }
    }

    [Fact]
    public async Task GermanValidationErrors_AreGerman()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de";

        var page = await AccountPages.RegisterAsync(browser, Flows.NewUsername(), "short");

        Assert.Equal("Verwenden Sie mindestens 8 Zeichen für Ihr Passwort.", page.FieldError("password"));
        Assert.Contains("Verwenden Sie mindestens 8 Zeichen", page.Alert);
    }

    // The words a person reads: headings, labels, buttons, links, paragraphs, list items (not code or ids).
    private static IEnumerable<string> Texts(IDocument document) =>
        document.QuerySelectorAll("h1, label, button, a, p, dt, li, span")
            .Where(e => e.QuerySelector("code") is null)
            .Select(e => e.TextContent.Trim())
            .Where(t => t.Length > 1)
            .Distinct(StringComparer.Ordinal);
}
