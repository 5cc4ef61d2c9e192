using Microsoft.Data.Sqlite;

namespace Identity.Cli.Tests;

/// <summary>Reads the audit log's admin entries straight from a CLI test's SQLite file.</summary>
internal static class AuditRows
{
    public static async Task<List<(string Type, string Actor)>> OfPrefixAsync(CliProcess cli, string prefix)
    {
        await using var connection = new SqliteConnection($"Data Source={cli.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Type, Actor FROM AuditLog WHERE Type LIKE $prefix ORDER BY Id";
        command.Parameters.AddWithValue("$prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
