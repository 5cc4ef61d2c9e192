using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary><c>/api/applications</c>: list, create, get, patch, delete and secret rotation.</summary>
public sealed class ManagementApiApplicationsTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private static string NewId() => "app-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonElement> CreateMachineAppAsync(string id)
    {
        using var http = await server.AdminClientAsync();
        using var response = await http.PostJsonAsync("/api/applications", $$"""{"id":"{{id}}","name":"Robot","type":"MachineToMachine","scopes":["reports"]}""");
        return await response.ExpectAsync(201);
    }

    private async Task<TokenResponse> ClientCredentialsAsync(string id, string secret)
    {
        using var http = server.NewBackChannel();
        return await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials" }, (id, secret));
    }

    [Fact]
    public async Task List_ReturnsTheSeededApplications_WithoutSecrets()
    {
        using var http = await server.AdminClientAsync();

        var list = await (await http.GetAsync("/api/applications")).ExpectAsync(200);

        var bookstore = Assert.Single(list.EnumerateArray(), a => a.Str("id") == TestApps.TraditionalId);
        Assert.Equal("Traditional", bookstore.Str("type"));
        Assert.Equal(TestApps.TraditionalRedirect, bookstore.GetProperty("redirectUris")[0].GetString());
        Assert.Contains(list.EnumerateArray(), a => a.Str("id") == ManagementServerFactory.AdminId);
        Assert.All(list.EnumerateArray(), a => Assert.False(a.TryGetProperty("secret", out _)));
        Assert.DoesNotContain(TestApps.TraditionalSecret, list.GetRawText());
    }

    [Fact]
    public async Task Create_ConfidentialApp_ShowsTheSecretOnce_AndItWorksAtTheTokenEndpoint()
    {
        var id = NewId();
        using var http = await server.AdminClientAsync();

        using var response = await http.PostJsonAsync("/api/applications", $$"""{"id":"{{id}}","name":"Robot","type":"MachineToMachine"}""");

        var created = await response.ExpectAsync(201);
        Assert.Equal($"/api/applications/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, created.Str("id"));
        Assert.True(created.GetProperty("isConfidential").GetBoolean());
        var secret = created.Str("secret");
        Assert.True(secret.Length >= 32, secret);
        var fetched = await (await http.GetAsync($"/api/applications/{id}")).ExpectAsync(200);
        Assert.False(fetched.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, (await (await http.GetAsync("/api/applications")).ExpectAsync(200)).GetRawText());
        Assert.True((await ClientCredentialsAsync(id, secret)).IsSuccess);
    }

    [Fact]
    public async Task Create_PublicApp_HasNoSecret()
    {
        var id = NewId();
        using var http = await server.AdminClientAsync();

        var created = await (await http.PostJsonAsync("/api/applications",
            $$"""{"id":"{{id}}","name":"SPA","type":"SPA","redirectUris":["http://127.0.0.1:4000/cb"]}""")).ExpectAsync(201);

        Assert.Equal(JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        Assert.False(created.GetProperty("isConfidential").GetBoolean());
    }

    [Fact]
    public async Task Create_InvalidFields_Is400NamingEachField()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/applications",
            """{"id":"has space","type":"SPA","redirectUris":["javascript:alert(1)"]}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("id"));
        Assert.Equal(["is required."], problem.ErrorsFor("name"));
        Assert.Contains("javascript", problem.ErrorsFor("redirectUris[0]")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateId_Is409NamingTheId()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/applications",
            $$"""{"id":"{{TestApps.SpaId}}","name":"Again","type":"MachineToMachine"}""")).ExpectAsync(409);

        Assert.Contains(TestApps.SpaId, problem.ErrorsFor("id")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":""", "body", "not valid JSON")]
    [InlineData("""[1, 2]""", "body", "JSON object")]
    [InlineData("""{"id":"x","name":"X","type":"SPA","redirectUris":"http://127.0.0.1/cb"}""", "redirectUris", "array")]
    [InlineData("""{"id":"x","name":"X","type":"SPA","redirectUris":[42]}""", "redirectUris[0]", "string")]
    [InlineData("""{"id":{"nested":true}}""", "id", "string")]
    [InlineData("", "body", "required")]
    public async Task Create_MalformedBody_Is400NamingWhatWasWrong(string body, string field, string message)
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.SendAsync(HttpMethod.Post, "/api/applications", body)).ExpectAsync(400);

        Assert.Contains(message, Assert.Single(problem.ErrorsFor(field)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BodyThatIsNotJson_Is415Problem()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.SendAsync(HttpMethod.Post, "/api/applications", "id=x", "application/x-www-form-urlencoded")).ExpectAsync(415);

        Assert.Contains("application/json", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BodyOverTheSizeLimit_Is413Problem()
    {
        using var http = await server.AdminClientAsync();

        // Expect: 100-continue, as large uploads send it: the server refuses on the length alone and the body is never
        // sent (without it, the answer can race the client still writing and surface as a broken pipe).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = new StringContent($$"""{"id":"big","name":"{{new string('x', 2 * 1024 * 1024)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        await (await http.SendAsync(request)).ExpectAsync(413);
    }

    [Fact]
    public async Task Get_Existing_ReturnsTheApplication()
    {
        using var http = await server.AdminClientAsync();

        var app = await (await http.GetAsync($"/api/applications/{TestApps.SpaId}")).ExpectAsync(200);

        Assert.Equal("SPA", app.Str("type"));
        Assert.Equal(TestApps.SpaPostLogout, app.GetProperty("postLogoutRedirectUris")[0].GetString());
    }

    [Fact]
    public async Task Get_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.GetAsync("/api/applications/no-such-app")).ExpectAsync(404);

        Assert.Contains("no-such-app", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ChangesTheFieldsSent_KeepsTheOthersAndTheSecret()
    {
        var id = NewId();
        var secret = (await CreateMachineAppAsync(id)).Str("secret");
        using var http = await server.AdminClientAsync();

        var patched = await (await http.PatchJsonAsync($"/api/applications/{id}", """{"name":"Renamed robot"}""")).ExpectAsync(200);

        Assert.Equal("Renamed robot", patched.Str("name"));
        Assert.Equal(["reports"], patched.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(patched.TryGetProperty("secret", out _));
        Assert.Equal("Renamed robot", (await (await http.GetAsync($"/api/applications/{id}")).ExpectAsync(200)).Str("name"));
        Assert.True((await ClientCredentialsAsync(id, secret)).IsSuccess);
    }

    [Fact]
    public async Task Patch_RedirectUris_ReplacesThem()
    {
        var id = NewId();
        using var http = await server.AdminClientAsync();
        await (await http.PostJsonAsync("/api/applications",
            $$"""{"id":"{{id}}","name":"Web","type":"SPA","redirectUris":["http://127.0.0.1:4000/cb"]}""")).ExpectAsync(201);

        var patched = await (await http.PatchJsonAsync($"/api/applications/{id}",
            """{"redirectUris":["https://app.example.test/cb","http://localhost:4000/cb"],"postLogoutRedirectUris":["https://app.example.test/"]}""")).ExpectAsync(200);

        Assert.Equal(["http://localhost:4000/cb", "https://app.example.test/cb"], patched.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["https://app.example.test/"], patched.GetProperty("postLogoutRedirectUris").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task Patch_InvalidRedirectUri_Is400NamingIt_AndChangesNothing()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/applications/{TestApps.SpaId}",
            """{"name":"Changed","redirectUris":["http://example.test/cb"]}""")).ExpectAsync(400);

        Assert.Contains("plain http", problem.ErrorsFor("redirectUris[0]")[0], StringComparison.Ordinal);
        Assert.Equal("Single-page app", (await (await http.GetAsync($"/api/applications/{TestApps.SpaId}")).ExpectAsync(200)).Str("name"));
    }

    [Fact]
    public async Task Patch_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/applications/no-such-app", """{"name":"X"}""")).ExpectAsync(404);
    }

    [Fact]
    public async Task Delete_RemovesTheApplication_AndItsSecretStopsWorking()
    {
        var id = NewId();
        var secret = (await CreateMachineAppAsync(id)).Str("secret");
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync($"/api/applications/{id}")).ExpectAsync(204);

        await (await http.GetAsync($"/api/applications/{id}")).ExpectAsync(404);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, secret)).Error);
    }

    [Fact]
    public async Task Delete_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync("/api/applications/no-such-app")).ExpectAsync(404);
    }

    [Fact]
    public async Task RotateSecret_ShowsTheNewSecretOnce_WhichWorks_AndTheOldOneDoesNot()
    {
        var id = NewId();
        var oldSecret = (await CreateMachineAppAsync(id)).Str("secret");
        using var http = await server.AdminClientAsync();

        var rotated = await (await http.SendAsync(HttpMethod.Post, $"/api/applications/{id}/secret")).ExpectAsync(200);

        var newSecret = rotated.Str("secret");
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(id, rotated.Str("id"));
        Assert.True((await ClientCredentialsAsync(id, newSecret)).IsSuccess);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, oldSecret)).Error);
        Assert.False((await (await http.GetAsync($"/api/applications/{id}")).ExpectAsync(200)).TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task RotateSecret_AnOldSecretJustVerified_StopsWorkingAtOnce()
    {
        // Verified client secrets are remembered for a few minutes (Oidc/ClientSecretVerificationCache.cs): rotation must
        // still end the old one immediately, and a wrong secret must fail even right after a success.
        var id = NewId();
        var oldSecret = (await CreateMachineAppAsync(id)).Str("secret");
        Assert.True((await ClientCredentialsAsync(id, oldSecret)).IsSuccess);
        Assert.True((await ClientCredentialsAsync(id, oldSecret)).IsSuccess);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, oldSecret + "x")).Error);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, oldSecret[..^1])).Error);
        using var http = await server.AdminClientAsync();

        var newSecret = (await (await http.SendAsync(HttpMethod.Post, $"/api/applications/{id}/secret")).ExpectAsync(200)).Str("secret");

        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, oldSecret)).Error);
        Assert.True((await ClientCredentialsAsync(id, newSecret)).IsSuccess);
        Assert.True((await ClientCredentialsAsync(id, newSecret)).IsSuccess);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(id, oldSecret)).Error);
    }

    [Fact]
    public async Task RotateSecret_PublicApplication_Is400NamingTheType()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.SendAsync(HttpMethod.Post, $"/api/applications/{TestApps.SpaId}/secret")).ExpectAsync(400);

        Assert.Contains("public", problem.ErrorsFor("type")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateSecret_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.SendAsync(HttpMethod.Post, "/api/applications/no-such-app/secret")).ExpectAsync(404);
    }
}
