using Microsoft.AspNetCore.WebUtilities;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>The steps of an OpenID Connect journey, as a relying party and its user take them, over plain HTTP.</summary>
public static class Oidc
{
    public const string Scope = "openid profile offline_access";

    /// <summary>An authorization request as the conformance suite sends it: code flow, state, nonce, no prompt.</summary>
    public static string AuthorizeUrl(string clientId, string redirectUri, string scope = Scope, string state = "state-xyz",
        Pkce? pkce = null, IDictionary<string, string?>? extra = null) =>
        OidcRequests.AuthorizeUrl(clientId, redirectUri, scope, state, pkce,
            [new("nonce", "nonce-" + state), .. extra ?? new Dictionary<string, string?>()]);

    /// <summary>Submits the hosted sign-in form the browser is on.</summary>
    public static Task<PageResult> SubmitSignInAsync(BrowserSession browser, PageResult signInPage, string username, string password) =>
        browser.SubmitAsync(signInPage, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    /// <summary>Starts an authorization, signs in on the hosted page, and returns where the user was sent back to the app.</summary>
    public static async Task<PageResult> SignInThroughAuthorizeAsync(BrowserSession browser, string authorizeUrl,
        string username = CheckSeed.Alice, string password = CheckSeed.Password)
    {
        var page = await browser.GoAsync(authorizeUrl);
        Assert.True(page.Document.QuerySelector("input[name=Password]") is not null, $"Expected the sign-in page, got {page.Url}:\n{page.Html}");
        var landing = await SubmitSignInAsync(browser, page, username, password);
        Assert.True(landing.LeftServerTo is not null, $"Expected a redirect back to the app, got {landing.Url}:\n{landing.Html}");
        return landing;
    }

    /// <summary>Signs in through the conformance web client and redeems the code with client_secret_basic.</summary>
    public static async Task<TokenResponse> SignInAndRedeemAsync(CheckServer server, BrowserSession browser, string scope = Scope,
        string username = CheckSeed.Alice)
    {
        var landing = await SignInThroughAuthorizeAsync(browser, AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, scope), username);
        using var http = server.NewBackChannel();
        var tokens = await RedeemAsync(http, landing.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens;
    }

    /// <summary>Redeems a code at the token endpoint; the conformance web client with client_secret_basic by default.</summary>
    public static Task<TokenResponse> RedeemAsync(HttpClient http, string code, string redirectUri, string clientId = CheckSeed.WebId,
        string? secret = CheckSeed.WebSecret, string? verifier = null, bool basic = true) =>
        PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = basic && secret is not null ? null : clientId,
            ["client_secret"] = basic ? null : secret,
        }, basic && secret is not null ? (clientId, secret) : null);

    public static Task<TokenResponse> RefreshAsync(HttpClient http, string refreshToken, string clientId = CheckSeed.WebId,
        string? secret = CheckSeed.WebSecret, string? scope = null) =>
        PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["scope"] = scope,
            ["client_id"] = secret is null ? clientId : null,
        }, secret is null ? null : (clientId, secret));

    public static Task<TokenResponse> PostTokenAsync(HttpClient http, IDictionary<string, string?> form, (string Id, string Secret)? basic = null) =>
        OidcRequests.PostTokenAsync(http, form, basic);

    /// <summary>
    /// Asks the revocation endpoint (RFC 7009) to revoke a token: with HTTP Basic when a secret is given, else with
    /// only <c>client_id</c> in the body, as a public client sends it.
    /// </summary>
    public static Task<TokenResponse> RevokeAsync(HttpClient http, string token, string clientId, string? secret = null) =>
        OidcRequests.PostFormAsync(http, "/oidc/token/revocation",
            new Dictionary<string, string?> { ["token"] = token, ["client_id"] = secret is null ? clientId : null },
            secret is null ? null : (clientId, secret));

    /// <summary>Asks the introspection endpoint (RFC 7662) about a token, as a confidential client with HTTP Basic.</summary>
    public static Task<TokenResponse> IntrospectAsync(HttpClient http, string token, string clientId, string secret) =>
        OidcRequests.PostFormAsync(http, "/oidc/token/introspection", new Dictionary<string, string?> { ["token"] = token }, (clientId, secret));

    public static Task<HttpResponseMessage> UserInfoAsync(HttpClient http, string accessToken, HttpMethod? method = null) =>
        OidcRequests.UserInfoAsync(http, accessToken, method);

    /// <summary>The query parameters of a redirect (or the page's URL when there was none).</summary>
    public static IReadOnlyDictionary<string, string> Parameters(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}
