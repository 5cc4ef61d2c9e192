using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Identity.EndToEnd.Tests;

/// <summary>One authorization request as an app starts it: where to send the browser, and what to keep for the callback.</summary>
public sealed record AuthorizationRequest(Uri Url, string State, Pkce Pkce);

/// <summary>
/// What the SPA registered in the seed does around the browser: builds the authorization request the way Logto's
/// SDKs do, and redeems the code it gets back at the token endpoint. Another seeded app (e.g. a third-party one) is
/// the same with its own client id, callback listener and scope.
/// </summary>
public sealed class RelyingParty(
    ServerProcess server, string clientId = ServerProcess.ClientId, CallbackListener? callback = null, string scope = RelyingParty.Scope)
{
    public const string Scope = "openid profile offline_access";

    /// <summary>Where this app's callbacks arrive: its own listener, else the server's (the SPA's).</summary>
    public CallbackListener Callback => callback ?? server.Callback;

    /// <param name="interactionMode">Logto's <c>interaction_mode</c> (e.g. <c>signUp</c>), or null for the sign-in page.</param>
    public AuthorizationRequest BeginAuthorization(string? interactionMode = null)
    {
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var pkce = Pkce.Create();
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = Callback.CallbackUri.AbsoluteUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = Pkce.Method,
            ["prompt"] = "consent", // Logto's SDKs always send it
        };
        if (interactionMode is not null)
        {
            parameters["interaction_mode"] = interactionMode;
        }

        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new AuthorizationRequest(new Uri(server.BaseUri, "oidc/auth?" + query), state, pkce);
    }

    /// <summary>Redeems an authorization code; fails with the server's answer (and log) unless it returns tokens.</summary>
    public async Task<JsonElement> RedeemCodeAsync(string code, Pkce pkce)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server.BaseUri, "oidc/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback.CallbackUri.AbsoluteUri,
            ["client_id"] = clientId,
            ["code_verifier"] = pkce.Verifier,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The token endpoint answered {(int)response.StatusCode}: {body}\nServer output:\n{server.Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The claims of a JWT, read without checking its signature (the server's own tests do that).</summary>
    public static JsonElement ReadJwtPayload(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return Jwt.Payload(jwt);
    }
}
