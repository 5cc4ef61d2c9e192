using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 87: admin input has bounds, and a PATCH says no to what it cannot change. An oversized application or connector
/// is a 400 naming the field and its bound, and nothing is saved; a PATCH naming a read-only or unknown field is a 400
/// naming it, and nothing changes (the fields it could change included).
/// </summary>
public abstract class Check87AdminInputChecks(CheckServer server)
{
    [Fact]
    public async Task Check87_AnApplicationNameOf100000Characters_IsRefusedNamingTheFieldAndItsBound()
    {
        var id = NewId();

        var errors = await RefusedAsync(await PostAsync("/api/applications",
            new { id, name = new string('n', 100_000), type = "MachineToMachine" }));

        Assert.Contains("at most", Single(errors, "name"), StringComparison.Ordinal);
        await AssertNotFoundAsync($"/api/applications/{id}");
    }

    [Fact]
    public async Task Check87_ThousandsOfRedirectUrisOrScopes_OrAHugeUri_AreRefusedNamingTheField()
    {
        var id = NewId();
        var uris = Enumerable.Range(0, 5_000).Select(i => $"https://app.example.com/cb/{i}").ToArray();

        var errors = await RefusedAsync(await PostAsync("/api/applications", new
        {
            id, name = "Many", type = "Traditional", redirectUris = uris, postLogoutRedirectUris = uris,
            scopes = Enumerable.Range(0, 5_000).Select(i => $"scope{i}").ToArray(),
        }));
        Assert.Contains("at most", Single(errors, "redirectUris"), StringComparison.Ordinal);
        Assert.Contains("at most", Single(errors, "postLogoutRedirectUris"), StringComparison.Ordinal);
        Assert.Contains("at most", Single(errors, "scopes"), StringComparison.Ordinal);

        var huge = await RefusedAsync(await PostAsync("/api/applications", new
        {
            id, name = "Huge", type = "Traditional", redirectUris = new[] { "https://app.example.com/" + new string('a', 10_000) },
        }));
        Assert.Contains("at most", Single(huge, "redirectUris[0]"), StringComparison.Ordinal);
        await AssertNotFoundAsync($"/api/applications/{id}");
    }

    [Fact]
    public async Task Check87_AConnectorNameOf100000Characters_IsRefusedNamingTheField()
    {
        var id = NewId();

        var errors = await RefusedAsync(await PostAsync("/api/connectors", new
        {
            id, connectorId = "oauth2", target = id, name = new string('n', 100_000), config = Config(),
        }));

        Assert.Contains("at most", Single(errors, "name"), StringComparison.Ordinal);
        await AssertNotFoundAsync($"/api/connectors/{id}");
    }

    [Fact]
    public async Task Check87_APatchNamingReadOnlyOrUnknownFields_IsRefusedNamingThem_AndChangesNothing()
    {
        var id = NewId();
        using (var created = await PostAsync("/api/applications", new { id, name = "Before", type = "MachineToMachine" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var errors = await RefusedAsync(await PatchAsync($"/api/applications/{id}", new Dictionary<string, object>
        {
            ["name"] = "After", ["id"] = "other", ["secret"] = "a-secret-of-my-own-choosing", ["createdAt"] = "2020-01-01T00:00:00Z",
            ["type"] = "SPA", ["isAdmin"] = true,
        }));

        foreach (var field in new[] { "id", "secret", "createdAt", "type", "isAdmin" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} is not named: {errors}");
        }
        Assert.False(errors.TryGetProperty("name", out _), errors.ToString());
        using var admin = await ManagementApi.ConnectAsync(server);
        var app = await (await admin.GetAsync($"/api/applications/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Before", app.GetProperty("name").GetString());
        Assert.Equal("MachineToMachine", app.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Check87_AConnectorPatchWithAnUnknownField_IsRefusedNamingIt()
    {
        var id = NewId();
        using (var created = await PostAsync("/api/connectors", new { id, connectorId = "oauth2", target = id, name = "Before", config = Config() }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var errors = await RefusedAsync(await PatchAsync($"/api/connectors/{id}",
            new Dictionary<string, object> { ["name"] = "After", ["createdAt"] = "2020-01-01T00:00:00Z", ["enabled"] = false }));

        Assert.True(errors.TryGetProperty("createdAt", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("enabled", out _), errors.ToString());
        using var admin = await ManagementApi.ConnectAsync(server);
        var connector = await (await admin.GetAsync($"/api/connectors/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Before", connector.GetProperty("name").GetString());
    }

    private static string NewId() => "bounds-" + Guid.NewGuid().ToString("N")[..10];

    private static object Config() => new
    {
        authorizationEndpoint = "https://idp.example.com/authorize", tokenEndpoint = "https://idp.example.com/token",
        userInfoEndpoint = "https://idp.example.com/userinfo", clientId = "client", clientSecret = "secret",
    };

    private async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var admin = await ManagementApi.ConnectAsync(server);
        return await admin.PostAsync(path, body);
    }

    private async Task<HttpResponseMessage> PatchAsync(string path, object body)
    {
        using var admin = await ManagementApi.ConnectAsync(server);
        return await admin.PatchAsync(path, body);
    }

    /// <summary>The problem's <c>errors</c> object of a 400 answer.</summary>
    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            return JsonDocument.Parse(body).RootElement.GetProperty("errors").Clone();
        }
    }

    private static string Single(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var messages) ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new Xunit.Sdk.XunitException($"{field} is not named: {errors}");

    private async Task AssertNotFoundAsync(string path)
    {
        using var admin = await ManagementApi.ConnectAsync(server);
        using var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class Check87AdminInputTests(CheckServer server)
    : Check87AdminInputChecks(server), IClassFixture<CheckServer>;

public sealed class Check87AdminInputOnPostgreSqlTests(PostgresCheckServer server)
    : Check87AdminInputChecks(server), IClassFixture<PostgresCheckServer>;
