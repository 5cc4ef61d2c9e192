using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>
/// The sign-in experience's <c>languageInfo</c>: its fallback language (German here) is the last word, after the app's
/// <c>ui_locales</c> and the browser's Accept-Language; with auto-detect off the browser is not asked.
/// </summary>
public sealed class BrandingLanguageTests(GermanFallbackServerFactory server) : IClassFixture<GermanFallbackServerFactory>, IAsyncLifetime
{
    private const string German = "Bei Ihrem Konto anmelden";
    private const string English = "Sign in to your account";

    public Task InitializeAsync() => server.RestoreSeededExperienceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string AuthorizeWith(string uiLocales) => Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
        extra: new Dictionary<string, string?> { ["ui_locales"] = uiLocales });

    [Fact]
    public async Task BrowserWithoutAcceptLanguage_SeesTheFallbackLanguage()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        Assert.Equal(German, page.Heading);
        Assert.Equal("de", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task BrowserAskingForAnUnsupportedLanguage_SeesTheFallbackLanguage()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "ja-JP,fr;q=0.8";

        var page = await browser.GoAsync("/register");

        Assert.Equal("Erstellen Sie Ihr Konto", page.Heading);
    }

    [Fact]
    public async Task AcceptLanguageEnglish_StillGetsEnglish()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "en-GB,en;q=0.9";

        var page = await browser.GoAsync("/sign-in");

        Assert.Equal(English, page.Heading);
        Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task UiLocales_WinsOverTheBrowserAndTheFallback()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de-DE,de;q=0.9";

        var page = await browser.GoAsync(AuthorizeWith("en"));

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Equal(English, page.Heading);
    }

    [Fact]
    public async Task AutoDetectOff_IgnoresTheBrowser_ButNotUiLocales()
    {
        using var http = await server.AdminClientAsync();
        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"languageInfo":{"autoDetect":false}}""")).ExpectAsync(200);
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "en-US,en;q=0.9";

        var plain = await browser.GoAsync("/sign-in");
        var asked = await browser.GoAsync(AuthorizeWith("en"));

        Assert.Equal(German, plain.Heading);
        Assert.Equal(English, asked.Heading);
    }

    [Fact]
    public async Task FallbackChangedThroughTheApi_ShowsAtTheNextRequest()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        Assert.Equal(German, (await browser.GoAsync("/sign-in")).Heading);

        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"languageInfo":{"fallbackLanguage":"en"}}""")).ExpectAsync(200);

        Assert.Equal(English, (await browser.GoAsync("/sign-in")).Heading);
    }
}
