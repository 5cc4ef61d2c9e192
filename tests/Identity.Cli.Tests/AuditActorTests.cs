using Microsoft.Data.Sqlite;

namespace Identity.Cli.Tests;

/// <summary>Admin changes made from the command line are recorded in the audit log with the door they came through.</summary>
public sealed class AuditActorTests : IDisposable
{
    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task AdminChanges_RecordCliOrSeedAsTheActor()
    {
        CliProcess.Succeeded(await cli.RunAsync("users", "add", "--username", "erin"));
        var seed = cli.WriteFile("frank.json", """{ "users": [ { "username": "frank" } ] }""");
        CliProcess.Succeeded(await cli.RunAsync("seed", "--file", seed));

        Assert.Equal([("erin", "cli"), ("frank", "seed")], await UsersCreatedAsync());
    }

    private async Task<List<(string Username, string Actor)>> UsersCreatedAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={cli.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Username, Actor FROM AuditLog WHERE Type = 'admin.user.created' ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
