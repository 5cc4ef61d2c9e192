using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Testing;

/// <summary>
/// The requests a relying party sends the server, over plain HTTP, with no defaults of any one test suite: the
/// authorization URL, and the form posts to the token, revocation and introspection endpoints.
/// </summary>
public static class OidcRequests
{
    /// <summary>
    /// /oidc/auth for the code flow with PKCE when given; <paramref name="extra"/> adds or replaces parameters, and a null
    /// value leaves that parameter out.
    /// </summary>
    public static string AuthorizeUrl(string clientId, string redirectUri, string scope, string state, Pkce? pkce,
        IEnumerable<KeyValuePair<string, string?>> extra)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce.Challenge;
            query["code_challenge_method"] = Pkce.Method;
        }
        foreach (var (key, value) in extra)
        {
            query[key] = value;
        }
        return QueryHelpers.AddQueryString("/oidc/auth", query.Where(p => p.Value is not null));
    }

    /// <summary>
    /// Posts a form (its null values left out), with HTTP Basic client authentication when <paramref name="basic"/> is
    /// given: id and secret form-encoded first, as RFC 6749 section 2.3.1 says.
    /// </summary>
    public static Task<TokenResponse> PostFormAsync(HttpClient http, string path, IDictionary<string, string?> form,
        (string Id, string Secret)? basic = null) => PostFormAsync(http, path, (IEnumerable<KeyValuePair<string, string?>>)form, basic);

    /// <summary>The same, for a form that repeats a parameter (such as <c>resource</c>).</summary>
    public static async Task<TokenResponse> PostFormAsync(HttpClient http, string path, IEnumerable<KeyValuePair<string, string?>> form,
        (string Id, string Secret)? basic = null)
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

    public static Task<TokenResponse> PostTokenAsync(HttpClient http, IDictionary<string, string?> form, (string Id, string Secret)? basic = null) =>
        PostFormAsync(http, "/oidc/token", form, basic);

    /// <summary>The user info endpoint, with the access token as a bearer token.</summary>
    public static async Task<HttpResponseMessage> UserInfoAsync(HttpClient http, string accessToken, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/oidc/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }
}
