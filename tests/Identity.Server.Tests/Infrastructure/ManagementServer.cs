using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>
/// A server for the Management API tests: a machine-to-machine app granted the <c>management</c> scope, another
/// granted only <c>reports</c>, an SPA whose users may ask for <c>management</c> (their tokens must still be refused),
/// the usual test apps, and two OAuth2 connectors pointed at fake providers (only "acme" is on the sign-in page).
/// </summary>
public sealed class ManagementServerFactory : IdentityServerFactory
{
    public const string AdminId = "admin-robot";
    public const string AdminSecret = "admin-robot-secret-0123456789abcdef";
    public const string ReportsId = "reports-robot";
    public const string ReportsSecret = "reports-robot-secret-0123456789abcdef";
    public const string UserAppId = "console-spa";
    public const string UserAppRedirect = "http://127.0.0.1:5174/callback";
    public const string AcmeConnector = "oauth2-acme";
    public const string GitHubConnector = "oauth2-github";

    private string? _adminToken;

    public FakeUpstream Upstream { get; } = FakeUpstream.StartAsync().GetAwaiter().GetResult();

    public FakeUpstream GitHub { get; } = FakeUpstream.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<Uri> FollowedHosts => [Upstream.BaseAddress, GitHub.BaseAddress];

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{TestApps.TraditionalId}}", "name": "Bookstore", "type": "Traditional", "secret": "{{TestApps.TraditionalSecret}}",
              "redirectUris": ["{{TestApps.TraditionalRedirect}}"], "postLogoutRedirectUris": ["{{TestApps.TraditionalPostLogout}}"] },
            { "id": "{{TestApps.SpaId}}", "name": "Single-page app", "type": "SPA",
              "redirectUris": ["{{TestApps.SpaRedirect}}"], "postLogoutRedirectUris": ["{{TestApps.SpaPostLogout}}"] },
            { "id": "{{UserAppId}}", "name": "Console", "type": "SPA", "redirectUris": ["{{UserAppRedirect}}"], "scopes": ["management"] },
            { "id": "{{AdminId}}", "name": "Admin robot", "type": "MachineToMachine", "secret": "{{AdminSecret}}", "scopes": ["management"] },
            { "id": "{{ReportsId}}", "name": "Reports robot", "type": "MachineToMachine", "secret": "{{ReportsSecret}}", "scopes": ["reports"] }
          ],
          "connectors": [
            { "id": "{{AcmeConnector}}", "connectorId": "oauth2", "target": "acme", "name": "Acme", "config": {{Upstream.ConnectorConfig()}} },
            { "id": "{{GitHubConnector}}", "connectorId": "oauth2", "target": "github", "name": "GitHub", "config": {{GitHub.ConnectorConfig()}} }
          ],
          "signInExperience": { "socialSignInConnectorTargets": ["acme"] }
        }
        """;

    /// <summary>A client-credentials token for the admin robot with the management scope (cached: the clock is fake).</summary>
    public async Task<string> AdminTokenAsync() => _adminToken ??= await ClientCredentialsTokenAsync(AdminId, AdminSecret, "management");

    public async Task<string> ClientCredentialsTokenAsync(string clientId, string secret, string? scope)
    {
        using var http = NewBackChannel();
        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = scope },
            (clientId, secret));
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens.AccessToken!;
    }

    /// <summary>A client sending the admin robot's bearer token.</summary>
    public async Task<HttpClient> AdminClientAsync() => ClientWith(await AdminTokenAsync());

    /// <summary>A client sending <paramref name="accessToken"/> as a bearer token (none when null).</summary>
    public HttpClient ClientWith(string? accessToken)
    {
        var http = NewBackChannel();
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return http;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}

/// <summary>Requests and responses of the Management API, kept short in the tests.</summary>
public static class Api
{
    public static Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, string? json = null,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json) => http.SendAsync(HttpMethod.Post, path, json);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient http, string path, string json) => http.SendAsync(HttpMethod.Patch, path, json);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status, and for errors that the body is a problem document; returns the body (or default when empty).</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        if (status >= 400 && status != 401 && status != 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The messages a 400/409 problem gives for <paramref name="field"/>.</summary>
    public static IReadOnlyList<string> ErrorsFor(this JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors object: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}': {errors}");
        return [.. messages.EnumerateArray().Select(m => m.GetString()!)];
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
