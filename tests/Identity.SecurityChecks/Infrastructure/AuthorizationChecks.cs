using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>What the authorization and code checks (3–32) look at: error pages, error redirects, raw token responses.</summary>
public static class AuthorizationChecks
{
    /// <summary>The parameters RFC 6749 4.1.2.1 and RFC 9207 allow in an error redirect.</summary>
    public static readonly IReadOnlySet<string> ErrorRedirectParameters =
        new HashSet<string>(StringComparer.Ordinal) { "error", "error_description", "error_uri", "state", "iss" };

    /// <summary>Sends a request to the authorization endpoint as a browser without a session would, redirects not followed.</summary>
    public static async Task<RawResponse> GetAsync(CheckServer server, string url)
    {
        using var http = server.NewBackChannel();
        using var response = await http.GetAsync(url);
        return await RawResponse.ReadAsync(response);
    }

    /// <summary>The hosted error page: 400, no Location header at all, the error code shown.</summary>
    public static void AssertErrorPage(RawResponse response, string error)
    {
        Assert.True(response.Location is null, $"Expected an error page, got a redirect to {response.Location}.");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains($"<code>{error}</code>", response.Body);
    }

    /// <summary>
    /// An error redirect to the app: to <paramref name="redirectUri"/>, one of <paramref name="errors"/>, the request's
    /// <c>state</c>, <c>iss</c> equal to the issuer, nothing that grants access.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AssertErrorRedirect(Uri? location, string redirectUri, string state, string issuer,
        params string[] errors)
    {
        Assert.True(location is not null, "Expected an error redirect to the app, got none.");
        Assert.StartsWith(redirectUri, location.AbsoluteUri, StringComparison.Ordinal);
        var parameters = ResponseParameters(location);
        Assert.True(parameters.TryGetValue("error", out var error), $"No error in {location}.");
        Assert.Contains(error, errors);
        Assert.Equal(state, parameters.GetValueOrDefault("state"));
        Assert.Equal(issuer, parameters.GetValueOrDefault("iss"));
        AssertGrantsNothing(parameters);
        return parameters;
    }

    /// <summary>No code and no token, in the query or the fragment.</summary>
    public static void AssertGrantsNothing(IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var grant in new[] { "code", "access_token", "id_token", "refresh_token" })
        {
            Assert.False(parameters.ContainsKey(grant), $"The response carries '{grant}'.");
        }
    }

    /// <summary>The authorization response parameters of a redirect: its query and its fragment together.</summary>
    public static IReadOnlyDictionary<string, string> ResponseParameters(Uri location)
    {
        var parameters = QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        foreach (var (key, value) in QueryHelpers.ParseQuery(location.Fragment.TrimStart('#')))
        {
            parameters[key] = value.ToString();
        }
        return parameters;
    }

    /// <summary>True when the page is the hosted sign-in form.</summary>
    public static bool IsSignInPage(PageResult page) => page.LeftServerTo is null && page.Document.QuerySelector("input[name=Password]") is not null;

    /// <summary>Posts a token request and keeps what <see cref="TokenResponse"/> drops: headers and content type.</summary>
    public static async Task<RawResponse> PostTokenAsync(HttpClient http, IDictionary<string, string?> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/token")
        {
            Content = new FormUrlEncodedContent(form.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))),
        };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}")));
        }
        using var response = await http.SendAsync(request);
        return await RawResponse.ReadAsync(response);
    }

    /// <summary>The server's published signing keys.</summary>
    public static async Task<JsonWebKeySet> JwksAsync(CheckServer server)
    {
        using var http = server.NewBackChannel();
        return new JsonWebKeySet(await http.GetStringAsync("/oidc/jwks"));
    }

    /// <summary>An unsigned JWT (alg none) carrying the given claims: a request object as the conformance suite sends it.</summary>
    public static string UnsignedJwt(IReadOnlyDictionary<string, string> claims) =>
        Base64UrlEncoder.Encode("""{"alg":"none"}""") + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims)) + ".";
}

/// <summary>An HTTP response read to the end: status, Location, headers, body.</summary>
public sealed record RawResponse(HttpStatusCode Status, Uri? Location, string Body, string? MediaType, bool NoStore, string? Pragma)
{
    public static async Task<RawResponse> ReadAsync(HttpResponseMessage response) => new(
        response.StatusCode,
        response.Headers.Location,
        await response.Content.ReadAsStringAsync(),
        response.Content.Headers.ContentType?.MediaType,
        response.Headers.CacheControl?.NoStore ?? false,
        response.Headers.Pragma.ToString());

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Get(string name) => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Serves one request object over plain HTTP on loopback, so a server that supports <c>request_uri</c> can fetch it.</summary>
public sealed class RequestObjectHost : IDisposable
{
    private readonly HttpListener _listener = new();

    public RequestObjectHost(string requestObject)
    {
        Uri = new Uri($"http://127.0.0.1:{FreePort.Find()}/request.jwt");
        _listener.Prefixes.Add(Uri.GetLeftPart(UriPartial.Authority) + "/");
        _listener.Start();
        _ = ServeAsync(Encoding.ASCII.GetBytes(requestObject));
    }

    public Uri Uri { get; }

    private async Task ServeAsync(byte[] body)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            context.Response.ContentType = "application/oauth-authz-req+jwt";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
