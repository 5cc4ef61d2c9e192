using System.Diagnostics;

namespace Identity.Cli.Tests;

/// <summary>The executable's two modes (command or server), migrate, configuration arguments, help and usage errors.</summary>
public sealed class MigrateAndUsageTests : IDisposable
{
    private readonly CliProcess cli = new() { ManagementBootstrap = true };

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Migrate_CreatesTheDatabaseFile_AndASecondRunHasNothingToApply()
    {
        var first = await cli.RunAsync("migrate");

        CliProcess.Succeeded(first);
        Assert.True(File.Exists(cli.DatabaseFile));
        Assert.Contains("Applied ", first.Stdout);
        // A new database gets the Management API application, as at the server's first start: its secret shown once.
        Assert.Contains("client_id:     management-bootstrap", first.Stderr);

        var second = await cli.RunAsync("migrate");

        CliProcess.Succeeded(second);
        Assert.Contains("no migration to apply", second.Stdout);
        Assert.DoesNotContain("client_secret", second.Stdout + second.Stderr);
    }

    [Fact]
    public async Task ConfigurationArgumentBeforeTheCommand_ChoosesTheDatabase()
    {
        var elsewhere = Path.Combine(cli.Folder.FullName, "elsewhere");

        var result = await cli.RunAsync($"--DataPath={elsewhere}", "migrate");

        CliProcess.Succeeded(result);
        Assert.True(File.Exists(Path.Combine(elsewhere, "identity.db")));
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("migrate --help")]
    [InlineData("seed --help")]
    [InlineData("apps add --help")]
    [InlineData("apps rotate-secret -h")]
    [InlineData("connectors --help")]
    [InlineData("connectors add --help")]
    [InlineData("users list --help")]
    [InlineData("users set-password --help")]
    [InlineData("users lock --help")]
    public async Task Help_Exits0WithDescriptionAndUsage_WithoutTouchingTheDatabase(string command)
    {
        var result = await cli.RunAsync(command.Split(' '));

        CliProcess.Succeeded(result);
        Assert.Contains("Description:", result.Stdout);
        Assert.Contains("Usage:", result.Stdout);
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Fact]
    public async Task Help_DescribesTheCommandsAndTheirOptions()
    {
        var root = await cli.RunAsync("--help");
        var setPassword = await cli.RunAsync("users", "set-password", "--help");

        foreach (var command in new[] { "migrate", "seed", "apps", "connectors", "users" })
        {
            Assert.Contains(command, root.Stdout);
        }
        Assert.Contains("--password-stdin", setPassword.Stdout);
        Assert.Contains("shell history", setPassword.Stdout);
    }

    [Theory]
    [InlineData("frobnicate", "'frobnicate'")]
    [InlineData("apps list --bogus", "'--bogus'")]
    [InlineData("apps add --id web --type Traditional", "Option '--name' is required")]
    [InlineData("connectors remove", "Required argument missing")]
    [InlineData("users set-password alice", "--password-stdin")]
    [InlineData("users", "Required command was not provided")]
    public async Task UsageError_Exits2WithTheProblemAndUsage_OnStderr(string command, string expected)
    {
        var result = await cli.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.Contains("Usage:", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Fact]
    public async Task NoCommand_RunsTheServer()
    {
        var start = cli.StartInfo(["--urls", "http://127.0.0.1:0"]);
        start.Environment["Security__RequireHttps"] = "false";
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.Contains("Now listening on", StringComparison.Ordinal));

            Assert.NotNull(line);
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
