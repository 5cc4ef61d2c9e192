using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Identity.Admin.Seeding;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>Branding through <c>/api/sign-in-exp</c> and the seed file: Logto's shape, shown at the next request, validated.</summary>
public sealed class BrandingApiTests(BrandingServerFactory server) : IClassFixture<BrandingServerFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => server.RestoreSeededExperienceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Get_ReturnsTheBrandingInLogtosShape()
    {
        using var http = await server.AdminClientAsync();

        var experience = await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200);

        var branding = experience.GetProperty("branding");
        Assert.Equal(BrandingServerFactory.AppName, branding.Str("appName"));
        Assert.Equal(BrandingServerFactory.LogoUrl, branding.Str("logoUrl"));
        Assert.Equal(BrandingServerFactory.DarkLogoUrl, branding.Str("darkLogoUrl"));
        var color = experience.GetProperty("color");
        Assert.Equal(BrandingServerFactory.PrimaryColor, color.Str("primaryColor"));
        Assert.True(color.GetProperty("isDarkModeEnabled").GetBoolean());
        Assert.Equal(BrandingServerFactory.DarkPrimaryColor, color.Str("darkPrimaryColor"));
        Assert.Equal("auto", experience.Str("colorScheme"));
        Assert.Equal(BrandingServerFactory.CustomCss, experience.Str("customCss"));
        Assert.Equal(BrandingServerFactory.TermsUrl, experience.Str("termsOfUseUrl"));
        Assert.Equal(BrandingServerFactory.PrivacyUrl, experience.Str("privacyPolicyUrl"));
        Assert.True(experience.GetProperty("languageInfo").GetProperty("autoDetect").GetBoolean());
        Assert.Equal("en", experience.GetProperty("languageInfo").Str("fallbackLanguage"));
    }

    [Fact]
    public async Task Patch_ChangesBrandingCssAndThePagesAtTheNextRequest()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        using var before = await http.GetAsync("/branding.css");
        Assert.Equal(BrandingServerFactory.AppName, (await browser.GoAsync("/sign-in")).Document.QuerySelector(".brand img")?.GetAttribute("alt"));

        var patched = await (await http.PatchJsonAsync("/api/sign-in-exp",
            """{"branding":{"appName":"Renamed Books"},"color":{"primaryColor":"#B00020"},"customCss":".brand { letter-spacing: 1px; }"}""")).ExpectAsync(200);

        Assert.Equal("Renamed Books", patched.GetProperty("branding").Str("appName"));
        Assert.Equal(BrandingServerFactory.LogoUrl, patched.GetProperty("branding").Str("logoUrl"));
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/branding.css");
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        var css = await after.Content.ReadAsStringAsync();
        Assert.Contains("--primary: #B00020;", css, StringComparison.Ordinal);
        Assert.Contains(".brand { letter-spacing: 1px; }", css, StringComparison.Ordinal);
        Assert.DoesNotContain(BrandingServerFactory.PrimaryColor, css, StringComparison.Ordinal);
        Assert.DoesNotContain(BrandingServerFactory.CustomCss, css, StringComparison.Ordinal);
        var page = await browser.GoAsync("/sign-in");
        Assert.Equal("Renamed Books", page.Document.QuerySelector(".brand img")?.GetAttribute("alt"));
    }

    [Theory]
    [InlineData("dark", BrandingServerFactory.DarkLogoUrl)]
    [InlineData("light", BrandingServerFactory.LogoUrl)]
    public async Task Patch_ColorSchemeLightOrDark_ForcesItOnThePage(string scheme, string logo)
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/sign-in-exp", $$"""{"colorScheme":"{{scheme}}"}""")).ExpectAsync(200);

        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in");
        Assert.Equal(scheme, page.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal(logo, page.Document.QuerySelector(".brand img")?.GetAttribute("src"));
        Assert.Null(page.Document.QuerySelector(".brand picture source"));
    }

    [Fact]
    public async Task Patch_DarkModeDisabled_KeepsAutoLight()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"color":{"isDarkModeEnabled":false}}""")).ExpectAsync(200);

        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in");
        Assert.Equal("light", page.Document.DocumentElement.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task Patch_EmptyString_RemovesALink()
    {
        using var http = await server.AdminClientAsync();

        var patched = await (await http.PatchJsonAsync("/api/sign-in-exp", """{"termsOfUseUrl":""}""")).ExpectAsync(200);

        Assert.Equal(System.Text.Json.JsonValueKind.Null, patched.GetProperty("termsOfUseUrl").ValueKind);
        using var browser = server.NewBrowser();
        var terms = (await browser.GoAsync("/register")).Document.QuerySelector("p.terms")!;
        Assert.Equal([BrandingServerFactory.PrivacyUrl], terms.QuerySelectorAll<IHtmlAnchorElement>("a").Select(a => a.GetAttribute("href")));
        Assert.StartsWith("By creating an account you accept the Privacy policy", terms.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_NoLinks_RemovesTheTermsLine()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"termsOfUseUrl":"","privacyPolicyUrl":""}""")).ExpectAsync(200);

        using var browser = server.NewBrowser();
        Assert.Null((await browser.GoAsync("/register")).Document.QuerySelector("p.terms"));
    }

    [Fact]
    public async Task Patch_AppNameWithMarkup_IsShownAsText()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"branding":{"appName":"<b>Bold</b> & Co"}}""")).ExpectAsync(200);

        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in");
        Assert.Equal("<b>Bold</b> & Co", page.Document.QuerySelector(".brand span")?.TextContent.Trim());
        Assert.Null(page.Document.QuerySelector(".brand b"));
    }

    [Fact]
    public async Task Patch_LoopbackHttpLink_IsAccepted()
    {
        using var http = await server.AdminClientAsync();

        var patched = await (await http.PatchJsonAsync("/api/sign-in-exp", """{"termsOfUseUrl":"http://localhost:3000/terms"}""")).ExpectAsync(200);

        Assert.Equal("http://localhost:3000/terms", patched.Str("termsOfUseUrl"));
    }

    [Theory]
    [InlineData("""{"color":{"primaryColor":"green"}}""", "color.primaryColor", "#RRGGBB")]
    [InlineData("""{"color":{"darkPrimaryColor":"#12345"}}""", "color.darkPrimaryColor", "#RRGGBB")]
    [InlineData("""{"branding":{"logoUrl":"http://cdn.example.com/logo.png"}}""", "branding.logoUrl", "https")]
    [InlineData("""{"branding":{"darkLogoUrl":"javascript:alert(1)"}}""", "branding.darkLogoUrl", "absolute https URL")]
    [InlineData("""{"branding":{"appName":"   "}}""", "branding.appName", "1 to 100 characters")]
    [InlineData("""{"termsOfUseUrl":"/terms"}""", "termsOfUseUrl", "absolute https URL")]
    [InlineData("""{"privacyPolicyUrl":"http://acme.example.com/privacy"}""", "privacyPolicyUrl", "loopback")]
    [InlineData("""{"customCss":"body{}</STYLE><script>alert(1)</script>"}""", "customCss", "</style")]
    [InlineData("""{"colorScheme":"sepia"}""", "colorScheme", "auto, light, dark")]
    [InlineData("""{"languageInfo":{"fallbackLanguage":"fr"}}""", "languageInfo.fallbackLanguage", "en, de")]
    [InlineData("""{"color":{"isDarkModeEnabled":"yes"}}""", "color.isDarkModeEnabled", "true or false")]
    public async Task Patch_InvalidValue_Is400NamingTheField_AndChangesNothing(string body, string field, string message)
    {
        using var http = await server.AdminClientAsync();
        var before = (await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200)).GetRawText();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp", body)).ExpectAsync(400);

        Assert.Contains(message, Assert.Single(problem.ErrorsFor(field)), StringComparison.Ordinal);
        Assert.Equal(before, (await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200)).GetRawText());
    }

    [Fact]
    public async Task Patch_CustomCssOver10KB_Is400()
    {
        using var http = await server.AdminClientAsync();
        var css = "/*" + new string('x', 10 * 1024) + "*/";

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp", $$"""{"customCss":"{{css}}"}""")).ExpectAsync(400);

        Assert.Contains("10 KB", Assert.Single(problem.ErrorsFor("customCss")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_WithBadBranding_NamesTheSignInExperienceFields_AndAppliesNothing()
    {
        _ = server.BaseAddress;
        var path = Path.Combine(server.DataPath, "bad-branding.json");
        await File.WriteAllTextAsync(path, """
            { "signInExperience": {
                "branding": { "appName": "Never applied" },
                "color": { "primaryColor": "#GGGGGG" },
                "customCss": "</style>",
                "termsOfUseUrl": "ftp://example.com/terms",
                "languageInfo": { "fallbackLanguage": "english" } } }
            """);

        var error = await Assert.ThrowsAsync<SeedException>(() =>
            server.WithScopeAsync(services => services.GetRequiredService<SeedRunner>().ApplyFileAsync(path, CancellationToken.None)));

        Assert.Contains("signInExperience.color.primaryColor", error.Message, StringComparison.Ordinal);
        Assert.Contains("signInExperience.customCss", error.Message, StringComparison.Ordinal);
        Assert.Contains("signInExperience.termsOfUseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("signInExperience.languageInfo.fallbackLanguage", error.Message, StringComparison.Ordinal);
        using var http = await server.AdminClientAsync();
        var experience = await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200);
        Assert.Equal(BrandingServerFactory.AppName, experience.GetProperty("branding").Str("appName"));
    }

    [Fact]
    public async Task Seed_WithBranding_AppliesIt_AndAgainChangesNothing()
    {
        _ = server.BaseAddress;
        var path = Path.Combine(server.DataPath, "branding.json");
        await File.WriteAllTextAsync(path, """{ "signInExperience": { "branding": { "appName": "Seeded Again" }, "colorScheme": "dark" } }""");

        var first = await server.WithScopeAsync(services => services.GetRequiredService<SeedRunner>().ApplyFileAsync(path, CancellationToken.None));
        var second = await server.WithScopeAsync(services => services.GetRequiredService<SeedRunner>().ApplyFileAsync(path, CancellationToken.None));

        Assert.Equal(1, first.Updated);
        Assert.Equal(new SeedOutcome(0, 0, 1), second);
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in");
        Assert.Equal("Seeded Again", page.Document.QuerySelector(".brand span")?.TextContent.Trim());
        Assert.Equal("dark", page.Document.DocumentElement.GetAttribute("data-theme"));
    }
}
