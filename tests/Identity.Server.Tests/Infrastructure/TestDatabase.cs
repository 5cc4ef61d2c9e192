using Npgsql;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>
/// The database one test server uses. By default a SQLite file in the test's data folder; with
/// <c>IDENTITY_TEST_DATABASE=postgres</c> (set by scripts/test.sh for its second run) a new PostgreSQL database, created
/// on the server named by <c>IDENTITY_TEST_POSTGRES</c> (a connection string whose user may create databases) and
/// dropped at dispose, so test classes running in parallel never share one.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "IDENTITY_TEST_DATABASE";
    public const string PostgresVariable = "IDENTITY_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _databaseName;

    private TestDatabase(IReadOnlyDictionary<string, string> settings, string? postgresAdmin = null, string? databaseName = null)
    {
        Settings = settings;
        _postgresAdmin = postgresAdmin;
        _databaseName = databaseName;
    }

    /// <summary>Whether this test run is against PostgreSQL.</summary>
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Configuration keys (<c>Database:Provider</c>, <c>ConnectionStrings:Identity</c>); empty for SQLite.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The same settings as environment variables, for a server started as a separate process.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>A new, empty database (for SQLite: nothing to do, the server creates its file in its data folder).</summary>
    public static TestDatabase Create()
    {
        if (!IsPostgres)
        {
            return new TestDatabase(new Dictionary<string, string>());
        }

        // Asked for PostgreSQL without a server: fail, never fall back to SQLite.
        var admin = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"{ProviderVariable}=postgres needs {PostgresVariable}, a connection string to a PostgreSQL server.");

        var name = "identity_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Identity"] = connectionString,
        }, admin, name);
    }

    public void Dispose()
    {
        if (_databaseName is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return;
        }

        using (var pooled = new NpgsqlConnection(Settings["ConnectionStrings:Identity"]))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        using var connection = new NpgsqlConnection(_postgresAdmin);
        connection.Open();
        // FORCE: a server that was killed may still hold a connection for a moment.
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>
    /// PostgreSQL only: the database stops accepting connections and its open ones are ended, as in an outage.
    /// Disposing the result lets connections in again.
    /// </summary>
    public IDisposable CutOff()
    {
        if (_databaseName is null)
        {
            throw new InvalidOperationException("Only a PostgreSQL test database can be cut off; SQLite tests move the file away.");
        }
        Admin($"ALTER DATABASE \"{_databaseName}\" ALLOW_CONNECTIONS false");
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_databaseName}' AND pid <> pg_backend_pid()");
        return new UndoOnDispose(() => Admin($"ALTER DATABASE \"{_databaseName}\" ALLOW_CONNECTIONS true"));
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(_postgresAdmin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
