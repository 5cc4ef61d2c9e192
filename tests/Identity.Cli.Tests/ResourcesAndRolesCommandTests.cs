using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>resources add | list | remove</c>, <c>roles add | list | grant | revoke</c>, <c>users roles add | remove</c>.</summary>
public sealed class ResourcesAndRolesCommandTests : IDisposable
{
    private const string Api = "https://api.bookstore.example";

    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    private async Task<List<JsonElement>> ListAsync(string what)
    {
        var result = await cli.RunAsync(what, "list", "--json");
        CliProcess.Succeeded(result);
        return [.. JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray()];
    }

    private async Task AddBookstoreAsync()
    {
        CliProcess.Succeeded(await cli.RunAsync("resources", "add", "--indicator", Api, "--name", "Bookstore API", "--ttl", "600", "--scope", "read:books", "--scope", "write:books"));
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "reader", "--description", "Reads books"));
        CliProcess.Succeeded(await cli.RunAsync("roles", "grant", "reader", "--resource", Api, "--scope", "read:books"));
    }

    [Fact]
    public async Task ResourcesAndRoles_AddedFromTheCommandLine_ListAsTheSeedFileWouldMakeThem()
    {
        await AddBookstoreAsync();
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "robot", "--type", "MachineToMachine"));

        var table = await cli.RunAsync("resources", "list");
        var resource = Assert.Single(await ListAsync("resources"));
        var roles = await ListAsync("roles");

        Assert.Contains(Api, table.Stdout);
        Assert.Contains("read:books write:books", table.Stdout);
        Assert.Equal(600, resource.GetProperty("accessTokenTtl").GetInt32());
        Assert.Equal(["reader", "robot"], roles.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["User", "MachineToMachine"], roles.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(["read:books"], roles[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(
            [("admin.resource.created", "cli"), ("admin.role.created", "cli"), ("admin.role.updated", "cli"), ("admin.role.created", "cli")],
            await AuditRows.OfPrefixAsync(cli, "admin.r"));
    }

    [Fact]
    public async Task ResourcesAdd_BadInput_Exits1NamingEachField()
    {
        var result = await cli.RunAsync("resources", "add", "--indicator", "not-a-uri", "--name", "X", "--ttl", "59", "--scope", "profile");

        CliProcess.Failed(result, "error: indicator: 'not-a-uri' is not an absolute URI");
        Assert.Contains("error: accessTokenTtl: must be a whole number of seconds from 60 to 86400", result.Stderr);
        Assert.Contains("error: scopes[0].name: 'profile' is reserved", result.Stderr);
        CliProcess.Succeeded(await cli.RunAsync("resources", "add", "--indicator", Api, "--name", "A"));
        CliProcess.Failed(await cli.RunAsync("resources", "add", "--indicator", Api, "--name", "B"), "error: indicator: A resource with the indicator");
    }

    [Fact]
    public async Task RolesAdd_UnknownTypeOrTakenName_Exits1NamingTheField()
    {
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "reader"));

        CliProcess.Failed(await cli.RunAsync("roles", "add", "--name", "other", "--type", "Admin"), "error: type: must be one of User, MachineToMachine");
        CliProcess.Failed(await cli.RunAsync("roles", "add", "--name", "reader"), "error: name: A role named 'reader' already exists.");
    }

    [Fact]
    public async Task RolesRevoke_TakesTheScopeAway_AndUnknownNamesSayWhatIsMissing()
    {
        await AddBookstoreAsync();

        var revoked = await cli.RunAsync("roles", "revoke", "reader", "--resource", Api, "--scope", "read:books");

        CliProcess.Succeeded(revoked);
        Assert.Empty((await ListAsync("roles"))[0].GetProperty("scopes").EnumerateArray());
        CliProcess.Failed(await cli.RunAsync("roles", "grant", "reader", "--resource", "https://nope.example", "--scope", "read:books"), "Resource 'https://nope.example' does not exist.");
        CliProcess.Failed(await cli.RunAsync("roles", "grant", "nobody", "--resource", Api, "--scope", "read:books"), "Role 'nobody' does not exist.");
    }

    [Fact]
    public async Task ResourcesRemove_TakesItsScopesFromTheRoles()
    {
        await AddBookstoreAsync();

        CliProcess.Succeeded(await cli.RunAsync("resources", "remove", Api));

        Assert.Contains("No resources.", (await cli.RunAsync("resources", "list")).Stdout);
        var reader = Assert.Single(await ListAsync("roles"));
        Assert.Empty(reader.GetProperty("scopes").EnumerateArray());
        CliProcess.Failed(await cli.RunAsync("resources", "remove", Api), $"Resource '{Api}' does not exist.");
    }

    [Fact]
    public async Task UsersRoles_AddAndRemove_UserRolesOnly()
    {
        await AddBookstoreAsync();
        CliProcess.Succeeded(await cli.RunAsync("roles", "add", "--name", "robot", "--type", "MachineToMachine"));
        CliProcess.Succeeded(await cli.RunAsync("users", "add", "--username", "alice"));

        var added = await cli.RunAsync("users", "roles", "add", "alice", "reader");
        var machine = await cli.RunAsync("users", "roles", "add", "alice", "robot");
        var removed = await cli.RunAsync("users", "roles", "remove", "alice", "reader");
        var again = await cli.RunAsync("users", "roles", "remove", "alice", "reader");

        CliProcess.Succeeded(added);
        CliProcess.Failed(machine, "error: roleIds[0]: 'robot' is a MachineToMachine role: only MachineToMachine applications may hold it");
        CliProcess.Succeeded(removed);
        CliProcess.Failed(again, "does not exist");
        Assert.Equal([("admin.role.assigned", "cli")], await AuditRows.OfPrefixAsync(cli, "admin.role.assigned"));
        Assert.Equal([("admin.role.unassigned", "cli")], await AuditRows.OfPrefixAsync(cli, "admin.role.unassigned"));
    }
}
