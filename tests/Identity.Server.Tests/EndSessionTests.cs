using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>RP-initiated logout: Logto's SDKs send client_id and post_logout_redirect_uri, no id_token_hint.</summary>
public sealed class EndSessionTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static async Task<bool> IsSignedInAsync(BrowserSession browser)
    {
        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        return result.CallbackParameters.ContainsKey("code");
    }

    private static string EndSession(params (string Key, string? Value)[] parameters) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/oidc/session/end", parameters.ToDictionary(p => p.Key, p => p.Value));

    [Fact]
    public async Task EndSession_ClientIdWithItsRegisteredPostLogoutUri_SignsOutAndRedirectsWithoutPrompt()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        var result = await browser.GoAsync(EndSession(("client_id", TestApps.SpaId), ("post_logout_redirect_uri", TestApps.SpaPostLogout), ("state", "bye")));

        Assert.Equal(TestApps.SpaPostLogout + "?state=bye", result.LeftServerTo?.AbsoluteUri);
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task EndSession_WithoutHintOrClientId_AsksFirstAndSignsOutOnlyWhenConfirmed()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        var confirmation = await browser.GoAsync(EndSession());
        Assert.Equal("Sign out?", confirmation.Heading);
        Assert.True(await IsSignedInAsync(browser));

        confirmation = await browser.GoAsync(EndSession());
        var done = await browser.SubmitAsync(confirmation, new Dictionary<string, string>(), button: "confirm");

        Assert.Equal("/signed-out", done.Url.AbsolutePath);
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task EndSession_ConfirmationWithoutAntiforgeryToken_DoesNotSignOut()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        using var forged = await browser.PostRawAsync(new Uri(server.BaseAddress, "/oidc/session/end"),
            new Dictionary<string, string> { ["confirm"] = "yes" });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await IsSignedInAsync(browser));
    }

    [Theory]
    [InlineData(TestApps.SpaId, "http://evil.example/")]
    [InlineData(TestApps.SpaId, TestApps.SpaPostLogout + "?foo=bar")]
    [InlineData(TestApps.SpaId, TestApps.TraditionalPostLogout)]
    public async Task EndSession_PostLogoutUriNotRegisteredForTheClient_NeverRedirectsThere(string clientId, string postLogoutUri)
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        var result = await browser.GoAsync(EndSession(("client_id", clientId), ("post_logout_redirect_uri", postLogoutUri)));

        Assert.Null(result.LeftServerTo);
        Assert.True(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task CopiedSessionCookie_WorksUntilSignOut_ThenSignsNobodyIn()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);
        var stolen = browser.Cookies.GetCookies(server.BaseAddress)["identity.session"]!.Value;
        using var thief = server.NewBrowser();
        thief.Cookies.Add(server.BaseAddress, new System.Net.Cookie("identity.session", stolen));
        var beforeSignOut = await IsSignedInAsync(thief);

        await browser.GoAsync(EndSession(("client_id", TestApps.SpaId), ("post_logout_redirect_uri", TestApps.SpaPostLogout)));

        Assert.True(beforeSignOut);
        Assert.False(await IsSignedInAsync(thief));
    }

    [Fact]
    public async Task SignIn_IssuesANewSessionCookie_EachTime()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        var first = browser.Cookies.GetCookies(server.BaseAddress)["identity.session"]!.Value;
        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        var second = browser.Cookies.GetCookies(server.BaseAddress)["identity.session"]!.Value;

        Assert.NotEqual(first, second);
    }
}
