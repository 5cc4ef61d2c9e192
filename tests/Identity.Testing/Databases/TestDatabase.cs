using Npgsql;

namespace Identity.Testing;

/// <summary>
/// The database one in-process test server uses. By default a SQLite file in the test's data folder; with
/// <c>IDENTITY_TEST_DATABASE=postgres</c> (set by scripts/test.sh for its second run) a <see cref="PostgresDatabase"/>
/// of its own, dropped at dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "IDENTITY_TEST_DATABASE";

    private readonly PostgresDatabase? _postgres;

    private TestDatabase(PostgresDatabase? postgres) => _postgres = postgres;

    /// <summary>Whether this test run is against PostgreSQL.</summary>
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Configuration keys (<c>Database:Provider</c>, <c>ConnectionStrings:Identity</c>); empty for SQLite.</summary>
    public IReadOnlyDictionary<string, string> Settings => _postgres is null
        ? new Dictionary<string, string>()
        : _postgres.ServerSettings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value);

    /// <summary>The same settings as environment variables, for a server started as a separate process.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables =>
        _postgres?.ServerSettings ?? new Dictionary<string, string>();

    /// <summary>A new, empty database (for SQLite: nothing to do, the server creates its file in its data folder).</summary>
    // Synchronous: a test server makes its database in its constructor; no synchronization context waits on it here.
    public static TestDatabase Create() =>
        new(IsPostgres ? PostgresDatabase.CreateAsync("identity_test_").GetAwaiter().GetResult() : null);

    public void Dispose()
    {
        if (_postgres is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return;
        }

        // The in-process server's pooled connections go first; the drop forces out any a killed server still holds.
        using (var pooled = new NpgsqlConnection(_postgres.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        _postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// PostgreSQL only: the database stops accepting connections and its open ones are ended, as in an outage.
    /// Disposing the result lets connections in again.
    /// </summary>
    public IDisposable CutOff()
    {
        if (_postgres is null)
        {
            throw new InvalidOperationException("Only a PostgreSQL test database can be cut off; SQLite tests move the file away.");
        }
        _postgres.CutOffAsync().GetAwaiter().GetResult();
        return new UndoOnDispose(() => _postgres.RestoreAsync().GetAwaiter().GetResult());
    }
}
