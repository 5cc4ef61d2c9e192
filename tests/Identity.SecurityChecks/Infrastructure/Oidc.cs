using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>The steps of an OpenID Connect journey, as a relying party and its user take them, over plain HTTP.</summary>
public static class Oidc
{
    public const string Scope = "openid profile offline_access";

    /// <summary>An authorization request as the conformance suite sends it: code flow, state, nonce, no prompt.</summary>
    public static string AuthorizeUrl(string clientId, string redirectUri, string scope = Scope, string state = "state-xyz",
        Pkce? pkce = null, IDictionary<string, string?>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = "nonce-" + state,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            if (value is null) query.Remove(key); else query[key] = value;
        }
        return QueryHelpers.AddQueryString("/oidc/auth", query);
    }

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
        PostFormAsync(http, "/oidc/token", form, basic);

    /// <summary>
    /// Asks the revocation endpoint (RFC 7009) to revoke a token: with HTTP Basic when a secret is given, else with
    /// only <c>client_id</c> in the body, as a public client sends it.
    /// </summary>
    public static Task<TokenResponse> RevokeAsync(HttpClient http, string token, string clientId, string? secret = null) =>
        PostFormAsync(http, "/oidc/token/revocation",
            new Dictionary<string, string?> { ["token"] = token, ["client_id"] = secret is null ? clientId : null },
            secret is null ? null : (clientId, secret));

    /// <summary>Asks the introspection endpoint (RFC 7662) about a token, as a confidential client with HTTP Basic.</summary>
    public static Task<TokenResponse> IntrospectAsync(HttpClient http, string token, string clientId, string secret) =>
        PostFormAsync(http, "/oidc/token/introspection", new Dictionary<string, string?> { ["token"] = token }, (clientId, secret));

    private static async Task<TokenResponse> PostFormAsync(HttpClient http, string path, IDictionary<string, string?> form,
        (string Id, string Secret)? basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))),
        };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}")));
        }
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new TokenResponse((int)response.StatusCode, raw, JsonDocument.Parse(raw).RootElement.Clone(), response.Headers.CacheControl?.NoStore ?? false);
    }

    public static async Task<HttpResponseMessage> UserInfoAsync(HttpClient http, string accessToken, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/oidc/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    /// <summary>The query parameters of a redirect (or the page's URL when there was none).</summary>
    public static IReadOnlyDictionary<string, string> Parameters(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>A JSON answer of the token, revocation or introspection endpoint.</summary>
public sealed record TokenResponse(int Status, string Raw, JsonElement Json, bool NoStore)
{
    public bool IsSuccess => Status == 200;

    public string? Get(string name) => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? AccessToken => Get("access_token");

    public string? RefreshToken => Get("refresh_token");

    public string? IdToken => Get("id_token");

    public string? Error => Get("error");
}
