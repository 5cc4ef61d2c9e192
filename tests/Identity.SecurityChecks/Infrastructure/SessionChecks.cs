using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>Helpers of the session checks (33–51): refresh, userinfo, prompt and sign-out.</summary>
public static class SessionChecks
{
    public const string EndSessionPath = "/oidc/session/end";

    /// <summary>The name of the sign-in cookie on a plain-http check server (no <c>__Host-</c> prefix without https).</summary>
    public const string SessionCookieName = "identity.session";

    /// <summary>An authorization request of the conformance client with extra parameters (prompt, max_age, id_token_hint).</summary>
    public static string Authorize(string state, params (string Key, string? Value)[] extra) =>
        Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: state, extra: extra.ToDictionary(p => p.Key, p => p.Value));

    public static string EndSession(params (string Key, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(EndSessionPath, parameters.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>True when a silent (prompt=none) authorization gives the browser a code: its session is alive.</summary>
    public static async Task<bool> IsSignedInAsync(BrowserSession browser)
    {
        var result = await browser.GoAsync(Authorize("probe", ("prompt", "none")));
        return result.CallbackParameters.ContainsKey("code");
    }

    /// <summary>Redeems the code of a redirect back to the conformance client; fails the check if the redirect has none.</summary>
    public static async Task<TokenResponse> RedeemLandingAsync(CheckServer server, PageResult landing)
    {
        Assert.True(landing.CallbackParameters.TryGetValue("code", out var code),
            $"Expected a code, got {landing.LeftServerTo?.AbsoluteUri ?? landing.Url.AbsoluteUri}:\n{landing.Html}");
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, code!, CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens;
    }

    /// <summary>A claim of a JWT's payload, as text (numbers as their digits).</summary>
    public static string? Claim(string jwt, string name) =>
        Jwt.Payload(jwt).TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>An ID token's <c>auth_time</c> (fails the check when it has none).</summary>
    public static long AuthTime(string idToken) =>
        long.Parse(Claim(idToken, "auth_time") ?? throw new Xunit.Sdk.XunitException("The ID token has no auth_time."),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <c>sub</c> userinfo returns for an access token (fails the check unless 200).</summary>
    public static async Task<string?> UserInfoSubjectAsync(CheckServer server, string accessToken)
    {
        using var http = server.NewBackChannel();
        using var response = await Oidc.UserInfoAsync(http, accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString();
    }

    /// <summary>The sign-in cookie the browser holds now, if any.</summary>
    public static Cookie? SessionCookie(BrowserSession browser) =>
        browser.Cookies.GetCookies(browser.Server).FirstOrDefault(c => c.Name == SessionCookieName);

    /// <summary>The same claims with <c>alg: none</c> and no signature (conformance: modified id_token_hint).</summary>
    public static string WithAlgNone(string jwt) =>
        Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + jwt.Split('.')[1] + ".";

    /// <summary>The same claims signed by a key the server never published (conformance: bad id_token_hint).</summary>
    public static string SignedWithForeignKey(string jwt)
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = "foreign-key" };
        return new JsonWebTokenHandler().CreateToken(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])),
            new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>A client carrying a Management API token of the seeded machine-to-machine app.</summary>
    public static async Task<HttpClient> ManagementClientAsync(CheckServer server)
    {
        var http = server.NewBackChannel();
        var tokens = await Oidc.PostTokenAsync(http,
            new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" },
            (CheckSeed.ManagementId, CheckSeed.ManagementSecret));
        Assert.True(tokens.IsSuccess, tokens.Raw);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return http;
    }

    /// <summary>Sets a user's password through the Management API (which ends the user's grants).</summary>
    public static async Task ChangePasswordAsync(CheckServer server, string username, string newPassword)
    {
        using var http = await ManagementClientAsync(server);
        var id = await UserIdAsync(http, username);
        using var response = await http.PatchAsJsonAsync($"/api/users/{Uri.EscapeDataString(id)}/password", new { password = newPassword });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Revokes every grant of a user through the Management API.</summary>
    public static async Task RevokeGrantsAsync(CheckServer server, string username)
    {
        using var http = await ManagementClientAsync(server);
        var id = await UserIdAsync(http, username);
        using var response = await http.DeleteAsync($"/api/users/{Uri.EscapeDataString(id)}/grants");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> UserIdAsync(HttpClient management, string username)
    {
        var users = await management.GetFromJsonAsync<JsonElement>($"/api/users?search={Uri.EscapeDataString(username)}");
        return users.EnumerateArray().Single(u => u.GetProperty("username").GetString() == username).GetProperty("id").GetString()!;
    }
}
