using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Bookstore;

/// <summary>
/// Calls samples/Bookstore.Api with an access token issued for it, the way Logto's SDKs do <c>getAccessToken(resource)</c>:
/// the session's refresh token goes to the token endpoint with <c>resource</c> (RFC 8707), and the rotated refresh token
/// that comes back replaces it in the session cookie (the old one is spent).
/// </summary>
public sealed class BooksApi(HttpClient http, IConfiguration configuration, IOptionsMonitor<OpenIdConnectOptions> oidc)
{
    /// <summary>The API's answer to <c>GET /books</c>, as HTML for the page.</summary>
    public async Task<string> ListAsync(HttpContext context)
    {
        var resource = configuration["Identity:Resource"];
        var baseUrl = configuration["BooksApi:BaseUrl"];
        if (string.IsNullOrEmpty(resource) || string.IsNullOrEmpty(baseUrl))
        {
            return "<h1>Books</h1><p>The Bookstore API is not configured: set <code>Identity:Resource</code> and <code>BooksApi:BaseUrl</code>.</p>";
        }

        var (accessToken, problem) = await AccessTokenForAsync(context, resource);
        if (accessToken is null)
        {
            return $"<h1>Books</h1><p role=\"alert\">No access token for the API: {WebUtility.HtmlEncode(problem)}</p><p><a href=\"/\">Home</a></p>";
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl), "books"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
        return $"<h1>Books</h1><p>The API answered <strong id=\"api-status\">{(int)response.StatusCode}</strong>.</p>" +
            $"<pre id=\"api-answer\">{WebUtility.HtmlEncode(body)}</pre><p><a href=\"/\">Home</a></p>";
    }

    private async Task<(string? AccessToken, string? Problem)> AccessTokenForAsync(HttpContext context, string resource)
    {
        var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (session.Properties?.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken)
        {
            return (null, "the session has no refresh token; sign in again.");
        }

        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var metadata = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["resource"] = resource,
            }),
        };
        // client_secret_basic: id and secret form-encoded first (RFC 6749 2.3.1).
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(options.ClientId!)}:{Uri.EscapeDataString(options.ClientSecret!)}")));
        using var response = await http.SendAsync(request, context.RequestAborted);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.RequestAborted));
        var json = answer.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            return (null, $"{Text(json, "error")}: {Text(json, "error_description")}");
        }

        if (Text(json, "refresh_token") is { Length: > 0 } rotated)
        {
            session.Properties.UpdateTokenValue("refresh_token", rotated);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, session.Principal!, session.Properties);
        }
        return (Text(json, "access_token"), null);
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
