using Identity.SecurityChecks.Infrastructure;
using static Identity.SecurityChecks.Infrastructure.AuthorizationChecks;

namespace Identity.SecurityChecks;

/// <summary>Checks 3–9: where the authorization endpoint is willing to send the user (RFC 9700 exact matching).</summary>
public sealed class Check03To09RedirectUriTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check03_UnregisteredRedirectUri_ShowsErrorPageWithoutRedirect()
    {
        var response = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.WebId, "https://evil.example.com/callback"));

        AssertErrorPage(response, "invalid_request");
    }

    [Theory]
    [InlineData(CheckSeed.WebRedirect + "/")]
    [InlineData("https://rp.example.com/Callback")]
    [InlineData(CheckSeed.WebRedirect + "?foo=bar")]
    [InlineData(CheckSeed.WebRedirectWithQuery + "&foo=bar")]
    public async Task Check04_RegisteredUriAlmostMatching_ShowsErrorPageWithoutRedirect(string redirectUri)
    {
        var response = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.WebId, redirectUri));

        AssertErrorPage(response, "invalid_request");
    }

    [Fact]
    public async Task Check05_RegisteredUriWithQuery_ExactMatchSucceeds_CodeAppendedAndQueryKept()
    {
        using var browser = server.NewBrowser();

        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirectWithQuery, state: "state-05"));

        Assert.StartsWith(CheckSeed.WebRedirectWithQuery + "&", landing.LeftServerTo!.AbsoluteUri, StringComparison.Ordinal);
        var parameters = landing.CallbackParameters;
        Assert.Equal("a", parameters["tenant"]);
        Assert.Equal("state-05", parameters["state"]);
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, parameters["code"], CheckSeed.WebRedirectWithQuery);
        Assert.True(tokens.IsSuccess, tokens.Raw);
    }

    [Theory]
    [InlineData(CheckSeed.WebId, "openid profile")] // two registered URIs
    [InlineData(CheckSeed.WebId, "profile")] // two registered URIs, even without openid
    [InlineData(CheckSeed.OtherWebId, "openid")] // one registered URI, but openid makes redirect_uri mandatory
    public async Task Check06_RedirectUriOmitted_WhenAmbiguousOrOpenId_ShowsErrorPageWithoutRedirect(string clientId, string scope)
    {
        var url = Oidc.AuthorizeUrl(clientId, "unused", scope, extra: new Dictionary<string, string?> { ["redirect_uri"] = null });

        var response = await GetAsync(server, url);

        AssertErrorPage(response, "invalid_request");
    }

    [Theory]
    [InlineData(CheckSeed.WebRedirect + "#frag")]
    [InlineData(CheckSeed.WebRedirectWithQuery + "#frag")]
    [InlineData(CheckSeed.WebRedirect + "?iss=https%3A%2F%2Fevil.example.com")]
    [InlineData(CheckSeed.WebRedirectWithQuery + "&iss=https%3A%2F%2Fevil.example.com")]
    public async Task Check07_RedirectUriWithFragmentOrIss_IsInvalidRequestWithoutRedirect(string redirectUri)
    {
        var response = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.WebId, redirectUri));

        AssertErrorPage(response, "invalid_request");
    }

    [Fact]
    public async Task Check08_UnknownClientId_ShowsErrorPageWithoutRedirect()
    {
        var response = await GetAsync(server, Oidc.AuthorizeUrl("no-such-client", CheckSeed.WebRedirect));

        AssertErrorPage(response, "invalid_request");
    }

    [Fact]
    public async Task Check09_LoopbackAnyPort_AcceptedForNativeApp_RejectedForWebApp()
    {
        var redirectUri = $"http://127.0.0.1:{FreePort.Find()}/callback";

        // Native app registered with http://127.0.0.1/callback: any port matches (RFC 8252 7.3), the code comes back there.
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.NativeId, redirectUri, pkce: pkce));
        Assert.StartsWith(redirectUri + "?", landing.LeftServerTo!.AbsoluteUri, StringComparison.Ordinal);
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, landing.CallbackParameters["code"], redirectUri, CheckSeed.NativeId, secret: null, verifier: pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);

        // A web app registered with the same port-less URI gets no such relaxation (its exact URI still works).
        var web = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.LoopbackWebId, redirectUri));
        AssertErrorPage(web, "invalid_request");
        var exact = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.LoopbackWebId, CheckSeed.LoopbackWebRedirect));
        Assert.StartsWith("/sign-in", exact.Location?.OriginalString);
    }
}
