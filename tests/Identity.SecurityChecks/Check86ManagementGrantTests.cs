using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 86: a Management API token lives no longer than what it was granted for. Taking <c>management</c> from the
/// application, rotating its secret or changing its type ends the tokens it holds at once, through any admin door (the
/// API here, the seed file for the type); a change that grants nothing (its name) leaves them working.
/// </summary>
public abstract class Check86ManagementGrantChecks(CheckServer server)
{
    [Fact]
    public async Task Check86_RemovingTheManagementScope_EndsTheAppsTokens_ButRenamingItDoesNot()
    {
        var (id, secret) = await CreateManagementAppAsync();
        var token = await TokenAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(token));

        using var admin = await ManagementApi.ConnectAsync(server);
        using (var renamed = await admin.PatchAsync($"/api/applications/{id}", new { name = "Renamed" })) await EnsureOkAsync(renamed);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(token));

        using (var narrowed = await admin.PatchAsync($"/api/applications/{id}", new { scopes = Array.Empty<string>() })) await EnsureOkAsync(narrowed);

        Assert.NotEqual(HttpStatusCode.OK, await ApiStatusAsync(token));
    }

    [Fact]
    public async Task Check86_RotatingTheSecret_EndsTheAppsTokens_AndTheNewSecretGetsWorkingOnes()
    {
        var (id, secret) = await CreateManagementAppAsync();
        var token = await TokenAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(token));

        using var admin = await ManagementApi.ConnectAsync(server);
        using var rotated = await admin.PostAsync($"/api/applications/{id}/secret", new { });
        await EnsureOkAsync(rotated);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        Assert.NotEqual(HttpStatusCode.OK, await ApiStatusAsync(token));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(await TokenAsync(id, newSecret)));
    }

    [Fact]
    public async Task Check86_ChangingTheTypeInTheSeedFile_EndsTheAppsTokens()
    {
        var (id, secret) = await CreateManagementAppAsync();
        var token = await TokenAsync(id, secret);
        var untouched = await TokenAsync(CheckSeed.ManagementId, CheckSeed.ManagementSecret);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(token));

        // The same app, secret and scope, now a web app: applied by the seed file at the next start.
        await File.WriteAllTextAsync(Path.Combine(server.DataPath, "seed.json"), $$"""
            { "applications": [ { "id": "{{id}}", "name": "Now a web app", "type": "Traditional", "secret": "{{secret}}",
                                  "redirectUris": ["https://web.example.com/callback"], "scopes": ["management"] } ] }
            """);
        await server.RestartAsync();

        Assert.NotEqual(HttpStatusCode.OK, await ApiStatusAsync(token));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(untouched));
    }

    private async Task<(string Id, string Secret)> CreateManagementAppAsync()
    {
        var id = "m2m-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = await ManagementApi.ConnectAsync(server);
        using var created = await admin.PostAsync("/api/applications",
            new { id, name = "Automation", type = "MachineToMachine", scopes = new[] { "management" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (id, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
    }

    private async Task<string> TokenAsync(string id, string secret)
    {
        using var http = server.NewBackChannel();
        var tokens = await Oidc.PostTokenAsync(http,
            new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" }, (id, secret));
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens.AccessToken!;
    }

    private async Task<HttpStatusCode> ApiStatusAsync(string accessToken)
    {
        using var http = server.NewBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.GetAsync("/api/applications");
        return response.StatusCode;
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}

public sealed class Check86ManagementGrantTests(CheckServer server)
    : Check86ManagementGrantChecks(server), IClassFixture<CheckServer>;

public sealed class Check86ManagementGrantOnPostgreSqlTests(PostgresCheckServer server)
    : Check86ManagementGrantChecks(server), IClassFixture<PostgresCheckServer>;
