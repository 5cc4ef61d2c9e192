using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>The steps of an authorization code journey, as a relying party and a user would take them.</summary>
public static class Flows
{
    public const string DefaultScope = "openid offline_access profile";

    /// <summary>An authorization request shaped like Logto's JS SDK sends it (prompt=consent, PKCE).</summary>
    public static string AuthorizeUrl(string clientId, string redirectUri, Pkce? pkce, string state = "state-123",
        string scope = DefaultScope, IDictionary<string, string?>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["prompt"] = "consent",
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = "S256";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            query[key] = value;
        }
        return QueryHelpers.AddQueryString("/oidc/auth", query);
    }

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
    public static async Task<(string Username, TokenSet Tokens)> SignUpAndRedeemAsync(IdentityServerFactory server, BrowserSession browser)
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

    public static Task<TokenSet> RedeemAsync(HttpClient http, string code, string clientId, string redirectUri, string? verifier,
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

    public static Task<TokenSet> RefreshAsync(HttpClient http, string refreshToken, string clientId) =>
        PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        });

    public static async Task<TokenSet> PostTokenAsync(HttpClient http, IDictionary<string, string?> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/token")
        {
            Content = new FormUrlEncodedContent(form.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))),
        };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Id}:{credentials.Secret}")));
        }
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new TokenSet((int)response.StatusCode, raw, JsonDocument.Parse(raw).RootElement.Clone(),
            response.Headers.CacheControl?.NoStore ?? false);
    }

    public static async Task<HttpResponseMessage> UserInfoAsync(HttpClient http, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oidc/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }
}

/// <summary>A token endpoint response.</summary>
public sealed record TokenSet(int Status, string Raw, JsonElement Json, bool NoStore)
{
    public bool IsSuccess => Status == 200;

    public string? Get(string name) => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? AccessToken => Get("access_token");

    public string? RefreshToken => Get("refresh_token");

    public string? IdToken => Get("id_token");

    public string? Error => Get("error");
}
