using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>seed --file</c> with <c>resources</c>, <c>roles</c>, and the roles users and applications hold.</summary>
public sealed class SeedResourcesAndRolesTests : IDisposable
{
    private const string Api = "https://api.bookstore.example";

    private static string Seed(int ttl = 600, string writeScope = """{ "name": "write:books" }""", string readerDescription = "Reads books") => $$"""
        {
          "resources": [
            { "indicator": "{{Api}}", "name": "Bookstore API", "accessTokenTtl": {{ttl}},
              "scopes": [ { "name": "read:books", "description": "Read books" }, {{writeScope}} ] }
          ],
          "roles": [
            { "name": "reader", "description": "{{readerDescription}}", "type": "User", "scopes": [ { "resource": "{{Api}}", "scope": "read:books" } ] },
            { "name": "robot", "type": "MachineToMachine", "scopes": [ { "resource": "{{Api}}", "scope": "read:books" }, { "resource": "{{Api}}", "scope": "write:books" } ] }
          ],
          "applications": [ { "id": "worker", "name": "Worker", "type": "MachineToMachine", "secret": "worker-secret-0123456789", "roles": ["robot"] } ],
          "users": [ { "username": "alice", "roles": ["reader"] } ]
        }
        """;

    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    private async Task<JsonElement> JsonOfAsync(params string[] args)
    {
        var result = await cli.RunAsync(args);
        CliProcess.Succeeded(result);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private static IEnumerable<string?> ScopeNames(JsonElement entry) =>
        entry.GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("name").GetString());

    [Fact]
    public async Task Seed_ResourcesAndRoles_AreCreated_AndASecondApplyChangesNothing()
    {
        var file = cli.WriteFile("seed.json", Seed());

        var first = await cli.RunAsync("seed", "--file", file);
        var second = await cli.RunAsync("seed", "--file", file);

        CliProcess.Succeeded(first);
        Assert.Contains("5 created, 0 updated, 0 unchanged, 0 deleted", first.Stdout);
        CliProcess.Succeeded(second);
        Assert.Contains("0 created, 0 updated, 5 unchanged, 0 deleted", second.Stdout);
        var resource = Assert.Single((await JsonOfAsync("resources", "list", "--json")).EnumerateArray());
        Assert.Equal(Api, resource.GetProperty("indicator").GetString());
        Assert.Equal(600, resource.GetProperty("accessTokenTtl").GetInt32());
        Assert.Equal(["read:books", "write:books"], ScopeNames(resource));
        var roles = (await JsonOfAsync("roles", "list", "--json")).EnumerateArray().ToList();
        Assert.Equal(["reader", "robot"], roles.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["User", "MachineToMachine"], roles.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(["read:books", "write:books"], ScopeNames(roles[1]));
        Assert.Equal(2, (await AuditRows.OfPrefixAsync(cli, "admin.role.assigned")).Count(r => r.Actor == "seed"));
    }

    [Fact]
    public async Task Seed_ChangedDefinition_UpdatesTheResourceAndTheRoles_ThatGrantedARemovedScope()
    {
        CliProcess.Succeeded(await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", Seed())));
        // write:books is renamed to edit:books: the robot's grant of write:books must go with it.
        var changed = Seed(ttl: 900, writeScope: """{ "name": "edit:books" }""", readerDescription: "Reads all books")
            .Replace("\"scope\": \"write:books\"", "\"scope\": \"edit:books\"", StringComparison.Ordinal);

        var result = await cli.RunAsync("seed", "--file", cli.WriteFile("changed.json", changed));

        CliProcess.Succeeded(result);
        Assert.Contains("0 created, 3 updated, 2 unchanged, 0 deleted", result.Stdout);
        var resource = Assert.Single((await JsonOfAsync("resources", "list", "--json")).EnumerateArray());
        Assert.Equal(900, resource.GetProperty("accessTokenTtl").GetInt32());
        Assert.Equal(["edit:books", "read:books"], ScopeNames(resource));
        var roles = (await JsonOfAsync("roles", "list", "--json")).EnumerateArray().ToList();
        Assert.Equal("Reads all books", roles[0].GetProperty("description").GetString());
        Assert.Equal(["edit:books", "read:books"], ScopeNames(roles[1]));
    }

    [Fact]
    public async Task Seed_UserWhoseRolesChanged_IsUpdated_AndRolesLeftOutAreKept()
    {
        CliProcess.Succeeded(await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", Seed())));
        var noRoles = Seed().Replace("\"roles\": [\"reader\"]", "\"roles\": []", StringComparison.Ordinal);
        var rolesLeftOut = Seed().Replace(", \"roles\": [\"reader\"]", "", StringComparison.Ordinal);

        var keep = await cli.RunAsync("seed", "--file", cli.WriteFile("left-out.json", rolesLeftOut));
        var drop = await cli.RunAsync("seed", "--file", cli.WriteFile("none.json", noRoles));

        Assert.Contains("0 created, 0 updated, 5 unchanged", keep.Stdout);
        Assert.Contains("0 created, 1 updated, 4 unchanged", drop.Stdout);
        Assert.Single(await AuditRows.OfPrefixAsync(cli, "admin.role.unassigned"));
    }

    [Fact]
    public async Task Seed_ChangingARolesType_IsRefusedNamingTheField_AndChangesNothing()
    {
        CliProcess.Succeeded(await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", """{ "roles": [ { "name": "ops", "type": "User" } ] }""")));

        var result = await cli.RunAsync("seed", "--file", cli.WriteFile("changed.json", """{ "roles": [ { "name": "ops", "type": "MachineToMachine" } ] }"""));

        CliProcess.Failed(result, "roles[0] (ops).type: cannot change from User once the role is created (Logto does not allow it either)");
        Assert.Contains("User", (await cli.RunAsync("roles", "list")).Stdout);
    }

    [Fact]
    public async Task Seed_WithPrune_RemovesResourcesAndRolesTheFileNoLongerNames()
    {
        CliProcess.Succeeded(await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", Seed())));
        CliProcess.Succeeded(await cli.RunAsync("resources", "add", "--indicator", "https://stray.example", "--name", "Stray"));
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "stray"));

        var plain = await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", Seed()));
        var pruned = await cli.RunAsync("seed", "--file", cli.WriteFile("seed.json", Seed()), "--prune");

        Assert.Contains("0 deleted", plain.Stdout);
        CliProcess.Succeeded(pruned);
        Assert.Contains("0 created, 0 updated, 5 unchanged, 2 deleted", pruned.Stdout);
        Assert.Equal([Api], (await JsonOfAsync("resources", "list", "--json")).EnumerateArray().Select(r => r.GetProperty("indicator").GetString()));
        Assert.Equal(["reader", "robot"], (await JsonOfAsync("roles", "list", "--json")).EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Seed_ARoleMayGrantAScopeOfAStoredResource_AndAUserHoldAStoredRole()
    {
        CliProcess.Succeeded(await cli.RunAsync("resources", "add", "--indicator", "https://stored.example", "--name", "Stored", "--scope", "read:all"));
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "auditor"));
        var file = cli.WriteFile("seed.json", """
            { "roles": [ { "name": "viewer", "scopes": [ { "resource": "https://stored.example", "scope": "read:all" } ] } ],
              "users": [ { "username": "bob", "roles": ["viewer", "auditor"] } ] }
            """);

        var result = await cli.RunAsync("seed", "--file", file);

        CliProcess.Succeeded(result);
        var viewer = (await JsonOfAsync("roles", "list", "--json")).EnumerateArray().Single(r => r.GetProperty("name").GetString() == "viewer");
        Assert.Equal(["read:all"], ScopeNames(viewer));
        Assert.Equal(2, (await AuditRows.OfPrefixAsync(cli, "admin.role.assigned")).Count);
    }

    [Fact]
    public async Task Seed_BadResourcesAndReferences_Exits1NamingEveryPath_AndChangesNothing()
    {
        var file = cli.WriteFile("bad.json", $$"""
            {
              "resources": [ { "indicator": "https://api.example/#x", "name": "", "accessTokenTtl": 30, "scopes": [ { "name": "openid" } ] } ],
              "roles": [
                { "name": "ok", "scopes": [ { "resource": "https://unknown.example", "scope": "read" } ] },
                { "name": "m2m", "type": "MachineToMachine" }
              ],
              "users": [ { "username": "carol", "roles": ["m2m", "ghost"] } ]
            }
            """);

        var result = await cli.RunAsync("seed", "--file", file);

        CliProcess.Failed(result, file);
        foreach (var path in new[]
        {
            "resources[0] (https://api.example/#x).indicator", "resources[0] (https://api.example/#x).name",
            "resources[0] (https://api.example/#x).accessTokenTtl", "resources[0] (https://api.example/#x).scopes[0].name",
            "users[0] (carol).roles[0]", "roles[0] (ok).scopes[0].resource", "users[0] (carol).roles[1]",
        })
        {
            Assert.Contains(path + ":", result.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("No resources.", (await cli.RunAsync("resources", "list")).Stdout);
        Assert.Contains("No roles.", (await cli.RunAsync("roles", "list")).Stdout);
    }

    [Fact]
    public async Task Seed_ReferencesToNothingStored_Exits1NamingEachEntry()
    {
        var file = cli.WriteFile("bad.json", """
            {
              "roles": [ { "name": "ok", "scopes": [ { "resource": "https://unknown.example", "scope": "read" } ] } ],
              "users": [ { "username": "carol", "roles": ["ok", "ghost"] } ]
            }
            """);

        var result = await cli.RunAsync("seed", "--file", file);

        CliProcess.Failed(result, "roles[0] (ok).scopes[0].resource: no resource has the indicator 'https://unknown.example'");
        Assert.Contains("users[0] (carol).roles[1]: no role is named 'ghost'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("No roles.", (await cli.RunAsync("roles", "list")).Stdout);
    }

    [Fact]
    public async Task Seed_AnAppsDefaultResource_IsAppliedOnce_AndAnUnregisteredOneIsRefusedNamingTheField()
    {
        var app = $$"""{ "id": "generic", "name": "Generic", "type": "SPA", "redirectUris": ["http://127.0.0.1:5173/cb"], "defaultResource": "{{Api}}" }""";
        var file = cli.WriteFile("seed.json", Seed().Replace("\"applications\": [ ", "\"applications\": [ " + app + ", ", StringComparison.Ordinal));
        var unknown = cli.WriteFile("unknown.json", $$"""{ "applications": [ {{app.Replace(Api, "https://nowhere.example", StringComparison.Ordinal)}} ] }""");

        var first = await cli.RunAsync("seed", "--file", file);
        var second = await cli.RunAsync("seed", "--file", file);
        var refused = await cli.RunAsync("seed", "--file", unknown);

        CliProcess.Succeeded(first);
        Assert.Contains("0 created, 0 updated, 6 unchanged", second.Stdout);
        var generic = (await JsonOfAsync("apps", "list", "--json")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == "generic");
        Assert.Equal(Api, generic.GetProperty("defaultResource").GetString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("applications[0] (generic).defaultResource: No API resource has the indicator 'https://nowhere.example'", refused.Stderr, StringComparison.Ordinal);
    }
}
