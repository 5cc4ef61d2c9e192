using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Bad authorization and token requests: refused, and never redirected anywhere unregistered.</summary>
public sealed class CodeFlowSecurityTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Theory]
    [InlineData("http://evil.example/callback")]
    [InlineData(TestApps.SpaRedirect + "/")]
    [InlineData(TestApps.SpaRedirect + "?foo=bar")]
    [InlineData("http://localhost:5173/CALLBACK")]
    public async Task Authorize_UnregisteredRedirectUri_ShowsErrorPageWithoutRedirect(string redirectUri)
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, redirectUri, Pkce.Create()));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(page.LeftServerTo);
        Assert.Single(browser.Visited);
        Assert.Equal("Something went wrong", page.Heading);
        Assert.Contains("invalid_request", page.Html);
    }

    [Fact]
    public async Task Authorize_UnknownClient_ShowsErrorPageWithoutRedirect()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl("no-such-app", TestApps.SpaRedirect, Pkce.Create()));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(page.LeftServerTo);
        Assert.NotNull(page.Alert);
    }

    // OpenIddict checks PKCE parameters before it has validated the redirect URI against the client, so these are
    // refused on the error page rather than by a redirect: either way no code is issued.
    [Fact]
    public async Task Authorize_PlainPkce_IsRefusedWithoutACode()
    {
        using var browser = server.NewBrowser();
        var url = Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce: null, extra: new Dictionary<string, string?>
        {
            ["code_challenge"] = new string('a', 43), ["code_challenge_method"] = "plain",
        });

        var result = await browser.GoAsync(url);

        AssertRefused(result, "invalid_request");
    }

    [Fact]
    public async Task Authorize_PublicClientWithoutPkce_IsRefusedWithoutACode()
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce: null));

        AssertRefused(result, "invalid_request");
    }

    private static void AssertRefused(PageResult result, string error)
    {
        if (result.LeftServerTo is null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, result.Status);
            Assert.Contains(error, result.Html);
        }
        else
        {
            Assert.Equal(error, result.CallbackParameters["error"]);
            Assert.False(result.CallbackParameters.ContainsKey("code"));
        }
    }

    [Fact]
    public async Task CodeExchange_WrongVerifier_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword);
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect,
            Pkce.Create().Verifier);

        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task CodeExchange_VerifierWithoutChallenge_IsRefused()
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce: null,
            extra: new Dictionary<string, string?> { ["interaction_mode"] = "signUp" }));
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = Flows.NewUsername(), ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });
        using var http = server.NewBackChannel();

        // A PKCE downgrade: no challenge was sent, so a verifier must not be accepted either (RFC 9700).
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.TraditionalId,
            TestApps.TraditionalRedirect, Pkce.Create().Verifier, TestApps.TraditionalSecret, basic: true);

        Assert.False(tokens.IsSuccess);
    }

    [Fact]
    public async Task CodeExchange_CodeUsedTwice_SecondFailsAndFirstTokensAreRevoked()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, pkce: pkce);
        var code = landing.CallbackParameters["code"];
        using var http = server.NewBackChannel();

        var first = await Flows.RedeemAsync(http, code, TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        var second = await Flows.RedeemAsync(http, code, TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);

        Assert.True(first.IsSuccess, first.Raw);
        Assert.Equal("invalid_grant", second.Error);
        using var userInfo = await Flows.UserInfoAsync(http, first.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        var refreshed = await Flows.RefreshAsync(http, first.RefreshToken!, TestApps.SpaId);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task CodeExchange_AfterCodeLifetime_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, pkce: pkce);
        using var http = server.NewBackChannel();

        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);

        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task CodeExchange_RedirectUriDifferentFromAuthorize_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, pkce: pkce);
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, "http://localhost:5173/other", pkce.Verifier);

        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Fact]
    public async Task UserInfo_WithoutOrWithTamperedToken_Is401WithBearerChallenge()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        using var missing = await http.GetAsync("/oidc/me");
        using var tampered = await Flows.UserInfoAsync(http, tokens.AccessToken![..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Contains("Bearer", tampered.Headers.WwwAuthenticate.ToString());
    }
}
