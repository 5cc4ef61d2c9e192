namespace Identity.Cli.Tests;

/// <summary><c>seed --file [--prune]</c>: the seed runner, from the command line.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private const string SeedJson = """
        {
          "applications": [
            { "id": "spa", "name": "Single page", "type": "SPA", "redirectUris": ["http://localhost:3000/callback"] },
            { "id": "web", "name": "Web", "type": "Traditional", "secret": "web-secret-0123456789", "redirectUris": ["https://web.example.com/cb"] }
          ],
          "users": [ { "username": "demo", "password": "Demo-Password-1" } ]
        }
        """;

    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Seed_AppliedTwice_ReportsNoChangesTheSecondTime()
    {
        var file = cli.WriteFile("seed.json", SeedJson);

        var first = await cli.RunAsync("seed", "--file", file);
        var second = await cli.RunAsync("seed", "--file", file);

        CliProcess.Succeeded(first);
        Assert.Contains("3 created, 0 updated, 0 unchanged, 0 deleted", first.Stdout);
        Assert.DoesNotContain("No changes", first.Stdout);
        CliProcess.Succeeded(second);
        Assert.Contains("0 created, 0 updated, 3 unchanged, 0 deleted", second.Stdout);
        Assert.Contains("No changes", second.Stdout);
    }

    [Fact]
    public async Task Seed_WithPrune_DeletesWhatTheFileDoesNotMention()
    {
        var file = cli.WriteFile("seed.json", SeedJson);
        CliProcess.Succeeded(await cli.RunAsync("apps", "add", "--id", "stray", "--name", "Stray", "--type", "Native", "--redirect-uri", "com.example.app:/cb"));
        CliProcess.Succeeded(await cli.RunAsync("users", "add", "--username", "stranger"));

        var plain = await cli.RunAsync("seed", "--file", file);
        var pruned = await cli.RunAsync("seed", "--file", file, "--prune");

        Assert.Contains("0 deleted", plain.Stdout);
        CliProcess.Succeeded(pruned);
        Assert.Contains("0 created, 0 updated, 3 unchanged, 2 deleted", pruned.Stdout);
        var apps = (await cli.RunAsync("apps", "list")).Stdout;
        var users = (await cli.RunAsync("users", "list")).Stdout;
        Assert.DoesNotContain("stray", apps);
        Assert.Contains("spa", apps);
        Assert.Contains("web", apps);
        Assert.DoesNotContain("stranger", users);
        Assert.Contains("demo", users);
    }

    [Fact]
    public async Task Seed_WithABadFile_Exits1NamingFileEntryAndField_AndChangesNothing()
    {
        var file = cli.WriteFile("bad.json", """
            { "applications": [
                { "id": "ok", "name": "Fine", "type": "SPA", "redirectUris": ["http://localhost:3000/cb"] },
                { "id": "oops", "name": "Oops", "type": "SPA", "redirectUris": ["not a uri"] }
            ] }
            """);

        var result = await cli.RunAsync("seed", "--file", file);

        CliProcess.Failed(result, file);
        Assert.Contains("applications[1] (oops).redirectUris[0]", result.Stderr);
        Assert.Contains("No applications.", (await cli.RunAsync("apps", "list")).Stdout);
        CliProcess.Failed(await cli.RunAsync("seed", "--file", "missing.json"), "does not exist");
    }
}
