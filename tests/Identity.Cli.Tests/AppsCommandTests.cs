using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>apps list | add | rotate-secret</c>.</summary>
public sealed class AppsCommandTests : IDisposable
{
    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task AppsAdd_Traditional_PrintsTheSecretOnce_AndListShowsTheAppButNotTheSecret()
    {
        var added = await cli.RunAsync("apps", "add", "--id", "web", "--name", "Web shop", "--type", "Traditional",
            "--redirect-uri", "https://shop.example.com/callback", "--redirect-uri", "http://localhost:5000/callback", "--scope", "management");

        CliProcess.Succeeded(added);
        var secret = CliProcess.SecretIn(added);
        Assert.True(secret.Length >= 16);
        Assert.Contains("will not be shown again", added.Stdout);

        var table = await cli.RunAsync("apps", "list");
        var json = await cli.RunAsync("apps", "list", "--json");

        CliProcess.Succeeded(table);
        Assert.Contains("web", table.Stdout);
        Assert.Contains("Web shop", table.Stdout);
        Assert.Contains("Traditional", table.Stdout);
        Assert.Contains("https://shop.example.com/callback", table.Stdout);
        CliProcess.Succeeded(json);
        var app = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray());
        Assert.Equal("web", app.GetProperty("id").GetString());
        Assert.True(app.GetProperty("isConfidential").GetBoolean());
        Assert.Equal(["management"], app.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(secret, table.Stdout + table.Stderr + json.Stdout + json.Stderr);
    }

    [Fact]
    public async Task AppsAdd_WithABadRedirectUri_Exits1NamingTheField_AndAddsNothing()
    {
        var result = await cli.RunAsync("apps", "add", "--id", "spa", "--name", "SPA", "--type", "SPA", "--redirect-uri", "x");

        CliProcess.Failed(result, "error: redirectUris[0]: 'x' is not an absolute URI.");
        Assert.Equal("", result.Stdout);
        Assert.Contains("No applications.", (await cli.RunAsync("apps", "list")).Stdout);
    }

    [Fact]
    public async Task AppsAdd_WithANameOverTheBound_Exits1NamingTheFieldAndTheBound_AndAddsNothing()
    {
        var result = await cli.RunAsync("apps", "add", "--id", "long", "--name", new string('n', 5_000), "--type", "MachineToMachine");

        CliProcess.Failed(result, "error: name: must be at most 100 characters (got 5000).");
        Assert.Contains("No applications.", (await cli.RunAsync("apps", "list")).Stdout);
    }

    [Fact]
    public async Task AppsRotateSecret_PrintsANewSecret_AndAnUnknownAppExits1()
    {
        var given = "a-secret-of-at-least-16-chars";
        var added = await cli.RunAsync("apps", "add", "--id", "robot", "--name", "Robot", "--type", "MachineToMachine", "--secret", given);
        CliProcess.Succeeded(added);
        Assert.Equal(given, CliProcess.SecretIn(added));

        var rotated = await cli.RunAsync("apps", "rotate-secret", "robot");

        CliProcess.Succeeded(rotated);
        var secret = CliProcess.SecretIn(rotated);
        Assert.NotEqual(given, secret);
        Assert.Contains("will not be shown again", rotated.Stdout);

        CliProcess.Failed(await cli.RunAsync("apps", "rotate-secret", "nope"), "Application 'nope' does not exist.");
    }
}
