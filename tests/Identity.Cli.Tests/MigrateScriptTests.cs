namespace Identity.Cli.Tests;

/// <summary><c>migrate --script</c>: the idempotent SQL of every migration for the configured provider, with no database reached.</summary>
public sealed class MigrateScriptTests : IDisposable
{
    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("SqlServer", "IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]", "CREATE TABLE [AspNetUsers]")]
    [InlineData("PostgreSql", "IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\"", "CREATE TABLE \"AspNetUsers\"")]
    public async Task Script_ForAServerProvider_IsWrittenWithoutAConnectionString(string provider, string historyGuard, string createUsers)
    {
        var output = Path.Combine(cli.Folder.FullName, "out", provider + ".sql");

        var result = await cli.RunAsync($"--Database:Provider={provider}", "migrate", "--script", "--output", output);

        CliProcess.Succeeded(result);
        Assert.Contains(output, result.Stdout);
        var sql = (await File.ReadAllTextAsync(output)).ReplaceLineEndings("\n");
        Assert.Contains(historyGuard, sql);
        Assert.Contains(createUsers, sql);
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Fact]
    public async Task Script_ForSqlServer_NeedsNoReachableServer()
    {
        // A connection string to a server that does not exist: nothing connects to it (which would take seconds and fail).
        var result = await cli.RunAsync("--Database:Provider=SqlServer",
            "--ConnectionStrings:Identity=Server=127.0.0.1,1;Database=Identity;User Id=sa;Password=x;Connect Timeout=30", "migrate", "--script");

        CliProcess.Succeeded(result);
        Assert.StartsWith("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", result.Stdout.TrimStart());
        Assert.Contains("CREATE TABLE [AspNetUsers]", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Script_ForPostgreSql_ToStdout_IsOnlyTheScript()
    {
        var result = await cli.RunAsync("--Database:Provider=PostgreSql", "--ConnectionStrings:Identity=Host=127.0.0.1;Port=1;Database=identity",
            "migrate", "--script");

        CliProcess.Succeeded(result);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", result.Stdout.TrimStart());
        Assert.Contains("COMMIT;", result.Stdout);
    }

    [Fact]
    public async Task Script_ForSqlite_IsRefusedWithTheReason_AndCreatesNothing()
    {
        var result = await cli.RunAsync("migrate", "--script");

        CliProcess.Failed(result, "not currently supported for SQLite");
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Fact]
    public async Task Output_WithoutScript_IsAUsageError()
    {
        var result = await cli.RunAsync("migrate", "--output", "x.sql");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--output goes with --script", result.Stderr);
        Assert.False(File.Exists(cli.DatabaseFile));
    }
}
