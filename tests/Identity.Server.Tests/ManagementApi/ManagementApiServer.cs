using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Identity.Server.Tests.ManagementApi;

/// <summary>
/// The server in process for the resources and roles endpoints: a machine-to-machine app granted <c>management</c>
/// (the caller), another MachineToMachine app and an SPA (to hold roles, or be refused them), and a user.
/// </summary>
public sealed class ManagementApiServer : IdentityServerFactory<Program>
{
    public const string AdminId = "admin-robot";
    public const string AdminSecret = "admin-robot-secret-0123456789abcdef";
    public const string WorkerId = "worker";
    public const string SpaId = "spa";
    public const string Username = "alice";

    private string? _adminToken;

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{AdminId}}", "name": "Admin robot", "type": "MachineToMachine", "secret": "{{AdminSecret}}", "scopes": ["management"] },
            { "id": "{{WorkerId}}", "name": "Worker", "type": "MachineToMachine", "secret": "worker-secret-0123456789abcdef" },
            { "id": "{{SpaId}}", "name": "SPA", "type": "SPA", "redirectUris": ["http://127.0.0.1:5173/callback"] }
          ],
          "users": [ { "username": "{{Username}}" } ]
        }
        """;

    /// <summary>A client sending the admin robot's bearer token.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        if (_adminToken is null)
        {
            using var back = NewBackChannel();
            var tokens = await Flows.PostTokenAsync(back,
                new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" }, (AdminId, AdminSecret));
            Assert.True(tokens.IsSuccess, tokens.Raw);
            _adminToken = tokens.AccessToken;
        }
        var http = NewBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return http;
    }
}

internal static class ManagementApiCalls
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json) => SendAsync(http, HttpMethod.Post, path, json);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient http, string path, string json) => SendAsync(http, HttpMethod.Patch, path, json);

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string json) =>
        http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>Asserts the status, and for errors that the body is an RFC 9457 problem; returns the body (default when empty).</summary>
    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> call, int status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        if (status >= 400 && status != 401 && status != 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The messages a problem gives for <paramref name="field"/>; fails when it names no such field.</summary>
    public static string ErrorFor(this JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors object: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}': {errors}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static IEnumerable<string> Strs(this JsonElement array, string property) => array.EnumerateArray().Select(e => e.Str(property));
}
