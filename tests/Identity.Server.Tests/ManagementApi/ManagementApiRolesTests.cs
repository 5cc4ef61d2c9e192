using System.Text.Json;

namespace Identity.Server.Tests.ManagementApi;

/// <summary><c>/api/roles</c> with its scopes, users and applications, and <c>/api/users|applications/{id}/roles</c>.</summary>
public sealed class ManagementApiRolesTests(ManagementApiServer server) : IClassFixture<ManagementApiServer>
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<(string ResourceId, string ReadId, string WriteId)> CreateResourceAsync(HttpClient http)
    {
        var resource = await http.PostJsonAsync("/api/resources",
            $$"""{"indicator":"https://{{NewName("api")}}.example","name":"Books","scopes":[{"name":"read:books"},{"name":"write:books"}]}""").ExpectAsync(201);
        var scopes = await http.GetAsync($"/api/resources/{resource.Str("id")}/scopes").ExpectAsync(200);
        var ids = scopes.EnumerateArray().ToDictionary(s => s.Str("name"), s => s.Str("id"));
        return (resource.Str("id"), ids["read:books"], ids["write:books"]);
    }

    private static async Task<string> CreateRoleAsync(HttpClient http, string type = "User", string scopeIds = "[]") =>
        (await http.PostJsonAsync("/api/roles", $$"""{"name":"{{NewName("role")}}","type":"{{type}}","scopeIds":{{scopeIds}}}""").ExpectAsync(201)).Str("id");

    private static async Task<string> UserIdAsync(HttpClient http) =>
        (await http.GetAsync($"/api/users?search={ManagementApiServer.Username}").ExpectAsync(200))[0].Str("id");

    [Fact]
    public async Task Role_CreatedWithScopes_ReadUpdatedAndDeleted()
    {
        using var http = await server.AdminClientAsync();
        var (_, read, _) = await CreateResourceAsync(http);
        var name = NewName("reader");

        var created = await http.PostJsonAsync("/api/roles", $$"""{"name":"{{name}}","description":"Reads","scopeIds":["{{read}}"]}""").ExpectAsync(201);
        var id = created.Str("id");
        var scopes = await http.GetAsync($"/api/roles/{id}/scopes").ExpectAsync(200);
        var patched = await http.PatchJsonAsync($"/api/roles/{id}", """{"description":"Reads all"}""").ExpectAsync(200);
        var listed = await http.GetAsync("/api/roles").ExpectAsync(200);
        await http.DeleteAsync($"/api/roles/{id}").ExpectAsync(204);

        Assert.Equal("User", created.Str("type"));
        Assert.Equal(["read:books"], scopes.Strs("name"));
        Assert.Equal("Reads all", patched.Str("description"));
        Assert.Contains(name, listed.Strs("name"));
        await http.GetAsync($"/api/roles/{id}").ExpectAsync(404);
        var audit = await http.GetAsync("/api/logs?type=admin.role.").ExpectAsync(200);
        Assert.Contains(audit.EnumerateArray(), e => e.Str("type") == "admin.role.created" && e.GetProperty("details").Str("role") == name &&
            e.Str("actor") == ManagementApiServer.AdminId);
    }

    [Fact]
    public async Task CreateRole_EveryBadField_Is400NamingEachField_AndATakenNameIs409()
    {
        using var http = await server.AdminClientAsync();
        var name = NewName("taken");
        await http.PostJsonAsync("/api/roles", $$"""{"name":"{{name}}"}""").ExpectAsync(201);

        var problem = await http.PostJsonAsync("/api/roles", """{"name":"","type":"Admin","scopeIds":["nope"]}""").ExpectAsync(400);
        var taken = await http.PostJsonAsync("/api/roles", $$"""{"name":"{{name}}"}""").ExpectAsync(409);

        Assert.Contains("is required", problem.ErrorFor("name"));
        Assert.Contains("User, MachineToMachine", problem.ErrorFor("type"));
        Assert.Contains("'nope'", problem.ErrorFor("scopeIds[0]"));
        Assert.Contains(name, taken.ErrorFor("name"));
    }

    [Fact]
    public async Task RoleScopes_GrantedAndRevoked_AndDeletingTheResourceTakesThemFromTheRole()
    {
        using var http = await server.AdminClientAsync();
        var (resource, read, write) = await CreateResourceAsync(http);
        var role = await CreateRoleAsync(http);

        var granted = await http.PostJsonAsync($"/api/roles/{role}/scopes", $$"""{"scopeIds":["{{read}}","{{write}}"]}""").ExpectAsync(201);
        var unknown = await http.PostJsonAsync($"/api/roles/{role}/scopes", $$"""{"scopeIds":["{{read}}","ghost"]}""").ExpectAsync(400);
        var empty = await http.PostJsonAsync($"/api/roles/{role}/scopes", """{"scopeIds":[]}""").ExpectAsync(400);
        await http.DeleteAsync($"/api/roles/{role}/scopes/{write}").ExpectAsync(204);
        await http.DeleteAsync($"/api/roles/{role}/scopes/{write}").ExpectAsync(404);
        var afterRevoke = await http.GetAsync($"/api/roles/{role}/scopes").ExpectAsync(200);
        await http.DeleteAsync($"/api/resources/{resource}").ExpectAsync(204);

        Assert.Equal(["read:books", "write:books"], granted.Strs("name"));
        Assert.Contains("'ghost'", unknown.ErrorFor("scopeIds[1]"));
        Assert.Contains("non-empty", empty.ErrorFor("scopeIds"));
        Assert.Equal(["read:books"], afterRevoke.Strs("name"));
        Assert.Empty((await http.GetAsync($"/api/roles/{role}/scopes").ExpectAsync(200)).EnumerateArray());
    }

    [Fact]
    public async Task UserRoles_AssignedFromEitherSide_UserRolesOnly_AndDeletingTheRoleTakesItAway()
    {
        using var http = await server.AdminClientAsync();
        var userId = await UserIdAsync(http);
        var first = await CreateRoleAsync(http);
        var second = await CreateRoleAsync(http);
        var machine = await CreateRoleAsync(http, "MachineToMachine");

        await http.PostJsonAsync($"/api/roles/{first}/users", $$"""{"userIds":["{{userId}}"]}""").ExpectAsync(201);
        var held = await http.PostJsonAsync($"/api/users/{userId}/roles", $$"""{"roleIds":["{{second}}"]}""").ExpectAsync(201);
        var refused = await http.PostJsonAsync($"/api/users/{userId}/roles", $$"""{"roleIds":["{{machine}}","ghost"]}""").ExpectAsync(400);
        var refusedFromRole = await http.PostJsonAsync($"/api/roles/{machine}/users", $$"""{"userIds":["{{userId}}"]}""").ExpectAsync(400);
        var holders = await http.GetAsync($"/api/roles/{first}/users").ExpectAsync(200);
        await http.DeleteAsync($"/api/roles/{second}/users/{userId}").ExpectAsync(204);
        await http.DeleteAsync($"/api/roles/{first}").ExpectAsync(204);

        Assert.Contains(first, held.Strs("id"));
        Assert.Contains(second, held.Strs("id"));
        Assert.Contains("only MachineToMachine applications", refused.ErrorFor("roleIds[0]"));
        Assert.Contains("'ghost'", refused.ErrorFor("roleIds[1]"));
        Assert.Contains("only MachineToMachine applications", refusedFromRole.ErrorFor("userIds"));
        Assert.Equal([ManagementApiServer.Username], holders.Strs("username"));
        var remaining = await http.GetAsync($"/api/users/{userId}/roles").ExpectAsync(200);
        Assert.DoesNotContain(first, remaining.Strs("id"));
        Assert.DoesNotContain(second, remaining.Strs("id"));
        var audit = await http.GetAsync($"/api/logs?type=admin.role.&userId={userId}").ExpectAsync(200);
        Assert.Contains(audit.EnumerateArray(), e => e.Str("type") == "admin.role.unassigned");
    }

    [Fact]
    public async Task ApplicationRoles_OnlyMachineToMachineAppsHoldMachineToMachineRoles_AndDeletingTheRoleTakesItAway()
    {
        using var http = await server.AdminClientAsync();
        var machine = await CreateRoleAsync(http, "MachineToMachine");
        var other = await CreateRoleAsync(http, "MachineToMachine");
        var user = await CreateRoleAsync(http);

        var assigned = await http.PostJsonAsync($"/api/roles/{machine}/applications", $$"""{"applicationIds":["{{ManagementApiServer.WorkerId}}"]}""").ExpectAsync(201);
        var held = await http.PostJsonAsync($"/api/applications/{ManagementApiServer.WorkerId}/roles", $$"""{"roleIds":["{{other}}"]}""").ExpectAsync(201);
        var userRole = await http.PostJsonAsync($"/api/applications/{ManagementApiServer.WorkerId}/roles", $$"""{"roleIds":["{{user}}"]}""").ExpectAsync(400);
        var spa = await http.PostJsonAsync($"/api/roles/{machine}/applications", $$"""{"applicationIds":["{{ManagementApiServer.SpaId}}","ghost"]}""").ExpectAsync(400);
        var spaSide = await http.PostJsonAsync($"/api/applications/{ManagementApiServer.SpaId}/roles", $$"""{"roleIds":["{{machine}}"]}""").ExpectAsync(400);
        await http.DeleteAsync($"/api/applications/{ManagementApiServer.WorkerId}/roles/{other}").ExpectAsync(204);
        await http.DeleteAsync($"/api/roles/{machine}").ExpectAsync(204);

        Assert.Equal([ManagementApiServer.WorkerId], assigned.Strs("id"));
        Assert.Contains(other, held.Strs("id"));
        Assert.Contains("only users", userRole.ErrorFor("roleIds[0]"));
        Assert.Contains("only MachineToMachine applications hold roles", spa.ErrorFor("applicationIds[0]"));
        Assert.Contains("'ghost'", spa.ErrorFor("applicationIds[1]"));
        Assert.Contains("only MachineToMachine applications hold roles", spaSide.ErrorFor("roleIds"));
        var remaining = await http.GetAsync($"/api/applications/{ManagementApiServer.WorkerId}/roles").ExpectAsync(200);
        Assert.DoesNotContain(machine, remaining.Strs("id"));
        Assert.DoesNotContain(other, remaining.Strs("id"));
    }

    [Theory]
    [InlineData("GET", "/api/roles/nope")]
    [InlineData("PATCH", "/api/roles/nope")]
    [InlineData("DELETE", "/api/roles/nope")]
    [InlineData("GET", "/api/roles/nope/scopes")]
    [InlineData("POST", "/api/roles/nope/scopes")]
    [InlineData("GET", "/api/roles/nope/users")]
    [InlineData("POST", "/api/roles/nope/users")]
    [InlineData("GET", "/api/roles/nope/applications")]
    [InlineData("POST", "/api/roles/nope/applications")]
    [InlineData("GET", "/api/users/nope/roles")]
    [InlineData("POST", "/api/users/nope/roles")]
    [InlineData("DELETE", "/api/users/nope/roles/nope")]
    [InlineData("GET", "/api/applications/nope/roles")]
    [InlineData("POST", "/api/applications/nope/roles")]
    [InlineData("DELETE", "/api/applications/nope/roles/nope")]
    public async Task UnknownIds_Are404(string method, string path)
    {
        using var http = await server.AdminClientAsync();

        await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "PATCH" or "POST" ? new StringContent("""{"description":"x"}""", System.Text.Encoding.UTF8, "application/json") : null,
        }).ExpectAsync(404);
    }

    [Theory]
    [InlineData("/api/users", """{"username":"bob","roles":["reader"]}""")]
    [InlineData("/api/applications", """{"id":"bot","name":"Bot","type":"MachineToMachine","roles":["robot"]}""")]
    public async Task CreateUserOrApplication_WithRoles_Is400PointingToTheRolesEndpoint(string path, string body)
    {
        using var http = await server.AdminClientAsync();

        var problem = await http.PostJsonAsync(path, body).ExpectAsync(400);

        Assert.Contains("/roles", problem.ErrorFor("roles"));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheResourceAndRoleEndpoints()
    {
        using var http = server.NewBackChannel();

        var document = await http.GetAsync("/api/openapi.json").ExpectAsync(200);

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/resources", "/api/resources/{id}", "/api/resources/{id}/scopes", "/api/resources/{id}/scopes/{scopeId}",
            "/api/roles", "/api/roles/{id}", "/api/roles/{id}/scopes", "/api/roles/{id}/scopes/{scopeId}", "/api/roles/{id}/users",
            "/api/roles/{id}/users/{userId}", "/api/roles/{id}/applications", "/api/roles/{id}/applications/{applicationId}",
            "/api/users/{id}/roles", "/api/users/{id}/roles/{roleId}", "/api/applications/{id}/roles", "/api/applications/{id}/roles/{roleId}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ResourceDefinition", out JsonElement _));
    }
}
