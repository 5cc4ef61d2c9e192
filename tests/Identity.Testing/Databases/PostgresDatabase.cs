using Npgsql;

namespace Identity.Testing;

/// <summary>
/// A new database on the PostgreSQL server named by <c>IDENTITY_TEST_POSTGRES</c> (a connection string whose user may
/// create databases: scripts/with-test-postgres.sh starts a throwaway server; scripts/test.sh runs every test project
/// under it), dropped at the end, so test classes running at once never share one. It can be cut off (no connection
/// accepted, open ones ended) and restored, as a database outage would look to the server.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string ServerVariable = "IDENTITY_TEST_POSTGRES";

    private readonly string _admin;
    private int _dropped;

    private PostgresDatabase(string admin, string name, int? connectTimeoutSeconds)
    {
        _admin = admin;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        if (connectTimeoutSeconds is { } seconds) builder.Timeout = seconds;
        ConnectionString = builder.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server's settings for this database, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings => new Dictionary<string, string>
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Identity"] = ConnectionString,
    };

    /// <param name="namePrefix">The start of the database's name, saying which tests made it (e.g. <c>identity_cli_</c>).</param>
    /// <param name="connectTimeoutSeconds">How long the server waits for a connection; null: Npgsql's default.</param>
    public static async Task<PostgresDatabase> CreateAsync(string namePrefix, int? connectTimeoutSeconds = null)
    {
        // No PostgreSQL is a failure, never a skip (and never SQLite instead): it is a supported production database.
        var admin = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: run these tests through scripts/with-test-postgres.sh (scripts/test.sh does).");
        var database = new PostgresDatabase(admin, namePrefix + Guid.NewGuid().ToString("N"), connectTimeoutSeconds);
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>Refuses new connections to this database and ends the open ones.</summary>
    public async Task CutOffAsync()
    {
        await AdminAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid()");
    }

    public Task RestoreAsync() => AdminAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS true");

    /// <summary>Runs a query on this database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Once only: xunit disposes a fixture that is both IAsyncLifetime and IDisposable twice.
        if (Interlocked.Exchange(ref _dropped, 1) == 1)
        {
            return;
        }
        await RestoreAsync();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task<object?> AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
