using System.Text.Json;

namespace Identity.Server.Tests.ManagementApi;

/// <summary><c>/api/resources</c> and <c>/api/resources/{id}/scopes</c>.</summary>
public sealed class ManagementApiResourcesTests(ManagementApiServer server) : IClassFixture<ManagementApiServer>
{
    private static string NewIndicator() => "https://api-" + Guid.NewGuid().ToString("N")[..10] + ".example";

    private static async Task<JsonElement> CreateAsync(HttpClient http, string indicator, string scopes = """[{"name":"read:books","description":"Read"}]""") =>
        await http.PostJsonAsync("/api/resources", $$"""{"indicator":"{{indicator}}","name":"Books","scopes":{{scopes}}}""").ExpectAsync(201);

    [Fact]
    public async Task Resource_CreatedReadUpdatedAndDeleted_InLogtosShape()
    {
        var indicator = NewIndicator();
        using var http = await server.AdminClientAsync();

        var created = await CreateAsync(http, indicator);
        var id = created.Str("id");
        var fetched = await http.GetAsync($"/api/resources/{id}").ExpectAsync(200);
        var listed = await http.GetAsync("/api/resources").ExpectAsync(200);
        var patched = await http.PatchJsonAsync($"/api/resources/{id}", """{"name":"Books v2","accessTokenTtl":900}""").ExpectAsync(200);
        var scopes = await http.GetAsync($"/api/resources/{id}/scopes").ExpectAsync(200);
        await http.DeleteAsync($"/api/resources/{id}").ExpectAsync(204);

        Assert.Equal(indicator, fetched.Str("indicator"));
        Assert.Equal(3600, fetched.GetProperty("accessTokenTtl").GetInt32());
        Assert.Contains(indicator, listed.Strs("indicator"));
        Assert.Equal("Books v2", patched.Str("name"));
        Assert.Equal(900, patched.GetProperty("accessTokenTtl").GetInt32());
        Assert.Equal(["read:books"], scopes.Strs("name"));
        await http.GetAsync($"/api/resources/{id}").ExpectAsync(404);
        var audit = await http.GetAsync("/api/logs?type=admin.resource.").ExpectAsync(200);
        Assert.Contains(audit.EnumerateArray(), e => e.Str("type") == "admin.resource.deleted" && e.Str("actor") == ManagementApiServer.AdminId &&
            e.GetProperty("details").Str("indicator") == indicator);
    }

    [Fact]
    public async Task ApplicationDefaultResource_SetShownAndCleared_OnlyToARegisteredResource_AndNotForMachineToMachine()
    {
        var indicator = NewIndicator();
        using var http = await server.AdminClientAsync();
        var unregistered = await http.PostJsonAsync("/api/applications",
            $$"""{"id":"generic-{{Guid.NewGuid():N}}","name":"Generic","type":"SPA","redirectUris":["http://127.0.0.1:5173/cb"],"defaultResource":"{{indicator}}"}""")
            .ExpectAsync(400);
        var machine = await http.PostJsonAsync("/api/applications",
            $$"""{"id":"robot-{{Guid.NewGuid():N}}","name":"Robot","type":"MachineToMachine","defaultResource":"{{indicator}}"}""").ExpectAsync(400);
        await CreateAsync(http, indicator);

        var id = "generic-" + Guid.NewGuid().ToString("N");
        var created = await http.PostJsonAsync("/api/applications",
            $$"""{"id":"{{id}}","name":"Generic","type":"SPA","redirectUris":["http://127.0.0.1:5173/cb"],"defaultResource":"{{indicator}}"}""").ExpectAsync(201);
        var cleared = await http.PatchJsonAsync($"/api/applications/{id}", """{"defaultResource":""}""").ExpectAsync(200);

        Assert.Contains("register it first", unregistered.ErrorFor("defaultResource"));
        Assert.Contains("client credentials", machine.ErrorFor("defaultResource"));
        Assert.Equal(indicator, created.Str("defaultResource"));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("defaultResource").ValueKind);
    }

    [Fact]
    public async Task CreateResource_EveryBadField_Is400NamingEachField()
    {
        using var http = await server.AdminClientAsync();

        var problem = await http.PostJsonAsync("/api/resources",
            """{"indicator":"https://api.example/#frag","accessTokenTtl":59,"scopes":[{"name":"openid"},{"name":"a b"}]}""").ExpectAsync(400);

        Assert.Contains("fragment", problem.ErrorFor("indicator"));
        Assert.Contains("is required", problem.ErrorFor("name"));
        Assert.Contains("from 60 to 86400", problem.ErrorFor("accessTokenTtl"));
        Assert.Contains("reserved", problem.ErrorFor("scopes[0].name"));
        Assert.Contains("one word", problem.ErrorFor("scopes[1].name"));
    }

    [Fact]
    public async Task CreateResource_TakenIndicator_Is409()
    {
        var indicator = NewIndicator();
        using var http = await server.AdminClientAsync();
        await CreateAsync(http, indicator);

        var problem = await http.PostJsonAsync("/api/resources", $$"""{"indicator":"{{indicator}}","name":"Again"}""").ExpectAsync(409);

        Assert.Contains(indicator, problem.ErrorFor("indicator"));
    }

    [Fact]
    public async Task CreateResource_ManyAtOnceWithOneIndicator_OneIs201AndTheOthers409_NeverA500()
    {
        var indicator = NewIndicator();
        using var http = await server.AdminClientAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await http.PostJsonAsync("/api/resources", $$"""{"indicator":"{{indicator}}","name":"Race"}""");
            return (int)response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(a => a == 201));
        Assert.All(answers.Where(a => a != 201), a => Assert.Equal(409, a));
    }

    [Fact]
    public async Task UpdateResource_ChangingTheIndicator_IsRefusedSayingWhy()
    {
        using var http = await server.AdminClientAsync();
        var id = (await CreateAsync(http, NewIndicator())).Str("id");

        var problem = await http.PatchJsonAsync($"/api/resources/{id}", """{"indicator":"https://other.example","accessTokenTtl":100000}""").ExpectAsync(400);

        Assert.Contains("cannot be changed after the resource is created (Logto does not allow it either)", problem.ErrorFor("indicator"));
        Assert.Contains("from 60 to 86400", problem.ErrorFor("accessTokenTtl"));
    }

    [Fact]
    public async Task Scopes_AddedRenamedAndDeleted_WithUniqueNamesPerResource()
    {
        using var http = await server.AdminClientAsync();
        var id = (await CreateAsync(http, NewIndicator())).Str("id");

        var added = await http.PostJsonAsync($"/api/resources/{id}/scopes", """{"name":"write:books","description":"Write"}""").ExpectAsync(201);
        var taken = await http.PostJsonAsync($"/api/resources/{id}/scopes", """{"name":"read:books"}""").ExpectAsync(409);
        var reserved = await http.PostJsonAsync($"/api/resources/{id}/scopes", """{"name":"management"}""").ExpectAsync(400);
        var renamed = await http.PatchJsonAsync($"/api/resources/{id}/scopes/{added.Str("id")}", """{"name":"edit:books"}""").ExpectAsync(200);
        await http.DeleteAsync($"/api/resources/{id}/scopes/{added.Str("id")}").ExpectAsync(204);

        Assert.Contains("read:books", taken.ErrorFor("name"));
        Assert.Contains("reserved", reserved.ErrorFor("name"));
        Assert.Equal("edit:books", renamed.Str("name"));
        Assert.Equal("Write", renamed.Str("description"));
        Assert.Equal(["read:books"], (await http.GetAsync($"/api/resources/{id}/scopes").ExpectAsync(200)).Strs("name"));
    }

    [Theory]
    [InlineData("GET", "/api/resources/nope")]
    [InlineData("PATCH", "/api/resources/nope")]
    [InlineData("DELETE", "/api/resources/nope")]
    [InlineData("GET", "/api/resources/nope/scopes")]
    [InlineData("POST", "/api/resources/nope/scopes")]
    [InlineData("DELETE", "/api/resources/nope/scopes/nope")]
    public async Task UnknownResource_Is404(string method, string path)
    {
        using var http = await server.AdminClientAsync();

        var problem = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "PATCH" or "POST" ? new StringContent("""{"name":"x"}""", System.Text.Encoding.UTF8, "application/json") : null,
        }).ExpectAsync(404);

        Assert.Equal("nope", problem.Str("id"));
    }

    [Fact]
    public async Task UnknownScopeOfAKnownResource_Is404()
    {
        using var http = await server.AdminClientAsync();
        var id = (await CreateAsync(http, NewIndicator())).Str("id");

        await http.PatchJsonAsync($"/api/resources/{id}/scopes/nope", """{"name":"x"}""").ExpectAsync(404);
        await http.DeleteAsync($"/api/resources/{id}/scopes/nope").ExpectAsync(404);
    }

    [Fact]
    public async Task Resources_WithoutAManagementToken_Is401()
    {
        using var http = server.NewBackChannel();

        await http.GetAsync("/api/resources").ExpectAsync(401);
        await http.PostJsonAsync("/api/roles", """{"name":"x"}""").ExpectAsync(401);
    }
}
