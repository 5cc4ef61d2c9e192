namespace Identity.Testing;

/// <summary>The steps of an authorization code journey, as a relying party and a user would take them.</summary>
public static class Flows
{
    public const string DefaultScope = "openid offline_access profile";

    /// <summary>An authorization request shaped like Logto's JS SDK sends it (prompt=consent, PKCE).</summary>
    public static string AuthorizeUrl(string clientId, string redirectUri, Pkce? pkce, string state = "state-123",
        string scope = DefaultScope, IDictionary<string, string?>? extra = null) =>
        OidcRequests.AuthorizeUrl(clientId, redirectUri, scope, state, pkce,
            [new("prompt", "consent"), .. extra ?? new Dictionary<string, string?>()]);

    public static string NewUsername() => "user_" + Guid.NewGuid().ToString("N")[..12];

    public const string GoodPassword = "correct horse battery staple 42";

    /// <summary>Starts a sign-up-first authorization, fills the hosted register form, and returns where it ended.</summary>
    public static async Task<PageResult> SignUpThroughAuthorizeAsync(BrowserSession browser, string username, string password,
        string clientId = TestApps.SpaId, string redirectUri = TestApps.SpaRedirect, Pkce? pkce = null, string scope = DefaultScope)
    {
        var page = await browser.GoAsync(AuthorizeUrl(clientId, redirectUri, pkce ?? Pkce.Create(), scope: scope,
            extra: new Dictionary<string, string?> { ["interaction_mode"] = "signUp" }));
        Assert.Equal("Create your account", page.Heading);
        return await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = password, ["ConfirmPassword"] = password,
        });
    }

    /// <summary>Signs up through the SPA client and redeems the code: a user with tokens.</summary>
    public static async Task<(string Username, TokenResponse Tokens)> SignUpAndRedeemAsync(IServerUnderTest server, BrowserSession browser)
    {
        var username = NewUsername();
        var pkce = Pkce.Create();
        var landing = await SignUpThroughAuthorizeAsync(browser, username, GoodPassword, pkce: pkce);
        var code = landing.CallbackParameters["code"];
        using var backChannel = server.NewBackChannel();
        var tokens = await RedeemAsync(backChannel, code, TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return (username, tokens);
    }

    public static Task<TokenResponse> RedeemAsync(HttpClient http, string code, string clientId, string redirectUri, string? verifier,
        string? secret = null, bool basic = false) =>
        PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["code_verifier"] = verifier,
            ["client_secret"] = basic ? null : secret,
        }, basic ? (clientId, secret!) : null);

    public static Task<TokenResponse> RefreshAsync(HttpClient http, string refreshToken, string clientId) =>
        PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        });

    public static Task<TokenResponse> PostTokenAsync(HttpClient http, IDictionary<string, string?> form, (string Id, string Secret)? basic = null) =>
        OidcRequests.PostTokenAsync(http, form, basic);

    public static Task<HttpResponseMessage> UserInfoAsync(HttpClient http, string accessToken) => OidcRequests.UserInfoAsync(http, accessToken);
}
