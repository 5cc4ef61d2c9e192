using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>A server with a third-party app next to the usual first-party ones.</summary>
public sealed class ConsentServerFactory : IdentityServerFactory
{
    public const string PartnerId = "partner";
    public const string PartnerRedirect = "http://localhost:6100/callback";

    protected override string SeedJson => TestApps.SeedJson.Replace("""
          "applications": [
        """, $$"""
          "applications": [
            { "id": "{{PartnerId}}", "name": "Partner app", "type": "SPA", "isThirdParty": true, "redirectUris": ["{{PartnerRedirect}}"] },
        """, StringComparison.Ordinal);
}

/// <summary>Consent: asked for third-party apps only, remembered per scope set, asked again under prompt=consent.</summary>
public sealed class ConsentTests(ConsentServerFactory server) : IClassFixture<ConsentServerFactory>
{
    private static string Authorize(string prompt, string scope = "openid profile") =>
        Flows.AuthorizeUrl(ConsentServerFactory.PartnerId, ConsentServerFactory.PartnerRedirect, Pkce.Create(), scope: scope,
            extra: new Dictionary<string, string?> { ["prompt"] = prompt });

    private async Task<BrowserSession> SignedInBrowserAsync()
    {
        var browser = server.NewBrowser();
        var username = await AccountPages.CreateUserAsync(server);
        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        return browser;
    }

    [Fact]
    public async Task ThirdPartyApp_AsksForConsentListingTheScopesInWords_AndAllowIssuesACode()
    {
        using var browser = await SignedInBrowserAsync();

        var consent = await browser.GoAsync(Authorize("consent"));
        var allowed = await browser.SubmitAsync(consent, new Dictionary<string, string>(), button: "submit.Accept");

        Assert.Equal(HttpStatusCode.OK, consent.Status);
        Assert.Equal("Allow Partner app to access your account?", consent.Heading);
        Assert.Equal(["Know who you are on this site", "See your name, username and picture"],
            consent.Document.QuerySelectorAll("ul.scopes li").Select(li => li.TextContent.Trim()));
        Assert.True(allowed.CallbackParameters.ContainsKey("code"), $"{allowed.Url} {allowed.Status}");
    }

    [Fact]
    public async Task ThirdPartyApp_RemembersConsent_UntilPromptConsentAsksAgain()
    {
        using var browser = await SignedInBrowserAsync();
        var consent = await browser.GoAsync(Authorize("consent"));
        await browser.SubmitAsync(consent, new Dictionary<string, string>(), button: "submit.Accept");

        var silent = await browser.GoAsync(Authorize("none"));
        var again = await browser.GoAsync(Authorize("consent"));

        Assert.True(silent.CallbackParameters.ContainsKey("code"));
        Assert.Equal("Allow Partner app to access your account?", again.Heading);
    }

    [Fact]
    public async Task ThirdPartyApp_Deny_ReturnsAccessDeniedToTheApp()
    {
        using var browser = await SignedInBrowserAsync();

        var consent = await browser.GoAsync(Authorize("consent"));
        var denied = await browser.SubmitAsync(consent, new Dictionary<string, string>(), button: "submit.Deny");

        Assert.Equal("access_denied", denied.CallbackParameters["error"]);
        Assert.False(denied.CallbackParameters.ContainsKey("code"));
    }

    [Fact]
    public async Task ThirdPartyApp_PromptNoneWithoutConsent_IsConsentRequired()
    {
        using var browser = await SignedInBrowserAsync();

        var result = await browser.GoAsync(Authorize("none"));

        Assert.Equal("consent_required", result.CallbackParameters["error"]);
    }

    [Fact]
    public async Task ConsentPost_WithoutAntiforgeryToken_IsRefused()
    {
        using var browser = await SignedInBrowserAsync();
        var consent = await browser.GoAsync(Authorize("consent"));
        var fields = consent.Document.QuerySelectorAll("form input[type=hidden]")
            .Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new("submit.Accept", "yes"));

        using var forged = await browser.PostRawAsync(new Uri(server.BaseAddress, "/oidc/auth"), fields);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task FirstPartyApp_UnderPromptConsent_IsNotAsked()
    {
        using var browser = await SignedInBrowserAsync();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create()));

        Assert.True(result.CallbackParameters.ContainsKey("code"));
    }

    [Fact]
    public async Task ConsentPage_InGerman_IsGerman()
    {
        using var browser = await SignedInBrowserAsync();
        browser.AcceptLanguage = "de";

        var consent = await browser.GoAsync(Authorize("consent"));

        Assert.Equal("Partner app den Zugriff auf Ihr Konto erlauben?", consent.Heading);
        Assert.Contains("Ihren Namen, Benutzernamen und Ihr Bild sehen", consent.Document.QuerySelectorAll("ul.scopes li").Select(li => li.TextContent.Trim()));
        Assert.Equal(["Erlauben", "Ablehnen"], consent.Document.QuerySelectorAll("form button").Select(b => b.TextContent.Trim()));
    }
}
