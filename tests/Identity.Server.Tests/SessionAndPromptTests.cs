using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>prompt, max_age and id_token_hint, as OpenID Connect Core defines them, against an existing session.</summary>
public sealed class SessionAndPromptTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static string Authorize(Pkce pkce, params (string Key, string? Value)[] extra) =>
        Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce, extra: extra.ToDictionary(p => p.Key, p => p.Value));

    private async Task<TokenResponse> RedeemAsync(PageResult landing, Pkce pkce)
    {
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens;
    }

    [Fact]
    public async Task PromptNone_WithSession_ReturnsACodeAtOnceForTheSameUser()
    {
        using var browser = server.NewBrowser();
        var (_, first) = await Flows.SignUpAndRedeemAsync(server, browser);
        var pkce = Pkce.Create();

        var landing = await browser.GoAsync(Authorize(pkce, ("prompt", "none")));

        var second = await RedeemAsync(landing, pkce);
        Assert.Equal(Jwt.Payload(first.IdToken!).GetProperty("sub").GetString(), Jwt.Payload(second.IdToken!).GetProperty("sub").GetString());
        Assert.Equal(Jwt.Payload(first.IdToken!).GetProperty("auth_time").GetInt64(), Jwt.Payload(second.IdToken!).GetProperty("auth_time").GetInt64());
    }

    [Fact]
    public async Task PromptLogin_WithSession_AsksAgainAndRecordsALaterAuthTime()
    {
        using var browser = server.NewBrowser();
        var (username, first) = await Flows.SignUpAndRedeemAsync(server, browser);
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        var pkce = Pkce.Create();

        var page = await browser.GoAsync(Authorize(pkce, ("prompt", "login consent")));
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword });

        var second = await RedeemAsync(landing, pkce);
        Assert.True(Jwt.Payload(second.IdToken!).GetProperty("auth_time").GetInt64() > Jwt.Payload(first.IdToken!).GetProperty("auth_time").GetInt64());
    }

    [Fact]
    public async Task MaxAge_Exceeded_AsksAgain_ButALongMaxAgeDoesNot()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);
        server.Clock.Advance(TimeSpan.FromSeconds(2));

        var shortAge = await browser.GoAsync(Authorize(Pkce.Create(), ("max_age", "1")));
        var longAge = await browser.GoAsync(Authorize(Pkce.Create(), ("max_age", "10000")));

        Assert.Equal("/sign-in", shortAge.Url.AbsolutePath);
        Assert.NotNull(longAge.LeftServerTo);
        Assert.True(longAge.CallbackParameters.ContainsKey("code"));
    }

    [Fact]
    public async Task IdTokenHint_ForAnotherUser_WithPromptNone_IsLoginRequired()
    {
        using var otherBrowser = server.NewBrowser();
        var (_, other) = await Flows.SignUpAndRedeemAsync(server, otherBrowser);
        using var browser = server.NewBrowser();
        var (_, mine) = await Flows.SignUpAndRedeemAsync(server, browser);

        var own = await browser.GoAsync(Authorize(Pkce.Create(), ("prompt", "none"), ("id_token_hint", mine.IdToken)));
        var foreign = await browser.GoAsync(Authorize(Pkce.Create(), ("prompt", "none"), ("id_token_hint", other.IdToken)));

        Assert.True(own.CallbackParameters.ContainsKey("code"));
        Assert.Equal("login_required", foreign.CallbackParameters["error"]);
        Assert.False(foreign.CallbackParameters.ContainsKey("code"));
    }

    [Fact]
    public async Task AuthorizationRequest_SentAsFormPost_CompletesAfterSignIn()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(server.BaseAddress, Authorize(pkce)).Query);

        using var post = await browser.PostRawAsync(new Uri(server.BaseAddress, "/oidc/auth"),
            query.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString())));
        Assert.StartsWith("/sign-in", post.Headers.Location!.OriginalString);
        var page = await browser.GoAsync(post.Headers.Location.OriginalString);
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword });

        await RedeemAsync(landing, pkce);
    }

    [Fact]
    public async Task Scopes_OnlyTheGrantedClaimGroupsReachTheIdToken()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, pkce: pkce, scope: "openid");

        var tokens = await RedeemAsync(landing, pkce);

        var idToken = Jwt.Payload(tokens.IdToken!);
        Assert.False(idToken.TryGetProperty("username", out _));
        Assert.False(idToken.TryGetProperty("name", out _));
        Assert.Null(tokens.RefreshToken);
        Assert.Equal("openid", tokens.Get("scope"));
    }

    [Fact]
    public async Task Scopes_UnknownScopesAreDroppedNotRefused()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, pkce: pkce,
            scope: "openid profile urn:logto:scope:organizations custom:thing");

        var tokens = await RedeemAsync(landing, pkce);

        Assert.Equal(["openid", "profile"], tokens.Get("scope")!.Split(' ').Order());
    }

    [Fact]
    public async Task FormPostResponse_ItsAutoSubmitScriptIsAllowedByTheContentSecurityPolicy()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        var page = await browser.GoAsync(Authorize(Pkce.Create(), ("response_mode", "form_post")));

        var script = page.Document.QuerySelector("script")!.TextContent;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"'sha256-{hash}'", page.Response!.Headers.GetValues("Content-Security-Policy").Single());
        Assert.NotNull(page.Document.QuerySelector("form input[name=code]"));
    }
}
