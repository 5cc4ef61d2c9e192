using System.Text.Json;
using Identity.Core.Accounts;

namespace Identity.Cli.Tests;

/// <summary><c>users list | add | set-password | lock | unlock</c>.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string Password = "Correct-Horse-Battery-9";

    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task UsersAdd_ThenListSearch_ShowsOnlyTheMatchingUsers()
    {
        var alice = await cli.RunWithInputAsync(Password, "users", "add", "--username", "alice", "--password-stdin", "--name", "Alice Liddell", "--email", "alice@example.com");
        var bob = await cli.RunAsync("users", "add", "--username", "bob");
        CliProcess.Succeeded(alice);
        CliProcess.Succeeded(bob);
        CliProcess.Failed(await cli.RunAsync("users", "add", "--username", "ALICE"), "error: username: ");

        var table = await cli.RunAsync("users", "list", "--search", "LIC");
        var json = await cli.RunAsync("users", "list", "--json", "--page", "1");

        CliProcess.Succeeded(table);
        Assert.Contains("alice", table.Stdout);
        Assert.Contains("Alice Liddell", table.Stdout);
        Assert.Contains("alice@example.com", table.Stdout);
        Assert.DoesNotContain("bob", table.Stdout);
        var page = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(["alice", "bob"], page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        Assert.Equal([true, false], page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("hasPassword").GetBoolean()));
    }

    [Fact]
    public async Task UsersAddAdmin_GivesTheConsolePermission_AndARefusedUserLeavesNoRoleBehind()
    {
        var refused = await cli.RunWithInputAsync(Password, "users", "add", "--username", "1bad", "--admin", "--password-stdin");
        CliProcess.Failed(refused, "error: username: ");
        Assert.DoesNotContain("admin", (await cli.RunAsync("roles", "list")).Stdout);

        var dora = await cli.RunWithInputAsync(Password, "users", "add", "--username", "dora", "--admin", "--password-stdin");
        var erin = await cli.RunAsync("users", "add", "--username", "erin", "--admin");

        CliProcess.Succeeded(dora);
        CliProcess.Succeeded(erin);
        Assert.Contains("with the console permission", dora.Stdout);
        var roles = await cli.RunAsync("roles", "list");
        Assert.Contains("admin", roles.Stdout);
    }

    [Fact]
    public async Task UsersSetPassword_ABadPasswordExits1WithThePolicyMessage_AGoodOneIsStored()
    {
        CliProcess.Succeeded(await cli.RunAsync("users", "add", "--username", "carol"));

        var bad = await cli.RunWithInputAsync("short", "users", "set-password", "carol", "--password-stdin");
        var good = await cli.RunWithInputAsync(Password, "users", "set-password", "carol", "--password-stdin");

        CliProcess.Failed(bad, "error: password: " + PasswordPolicy.Check("short"));
        CliProcess.Succeeded(good);
        // The seed file's user upsert compares the password: the one just set matches, so nothing changes.
        var seed = cli.WriteFile("carol.json", $$"""{ "users": [ { "username": "carol", "password": "{{Password}}" } ] }""");
        Assert.Contains("0 created, 0 updated, 1 unchanged", (await cli.RunAsync("seed", "--file", seed)).Stdout);
        CliProcess.Failed(await cli.RunAsync("users", "set-password", "nobody", "--password", Password), "User 'nobody' does not exist.");
    }

    [Fact]
    public async Task UsersLock_ShowsInTheList_UntilUnlocked()
    {
        CliProcess.Succeeded(await cli.RunAsync("users", "add", "--username", "dave"));

        var locked = await cli.RunAsync("users", "lock", "dave", "--until", "2099-01-31T18:00:00Z");
        var whileLocked = await cli.RunAsync("users", "list");
        var unlocked = await cli.RunAsync("users", "unlock", "dave");
        var afterwards = await cli.RunAsync("users", "list", "--json");

        CliProcess.Succeeded(locked);
        Assert.Contains("until 2099-01-31 18:00:00Z", locked.Stdout);
        Assert.Contains("until 2099-01-31 18:00:00Z", whileLocked.Stdout);
        CliProcess.Succeeded(unlocked);
        var user = Assert.Single(JsonDocument.Parse(afterwards.Stdout).RootElement.GetProperty("items").EnumerateArray());
        Assert.False(user.GetProperty("isLocked").GetBoolean());
        CliProcess.Failed(await cli.RunAsync("users", "lock", "nobody"), "User 'nobody' does not exist.");
    }
}
