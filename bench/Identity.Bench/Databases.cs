using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Identity.Bench;

/// <summary>
/// Where the Identity server keeps its data in this run: the SQLite file in its data folder (the default) or a fresh
/// PostgreSQL database. Knows what the server and its CLI must be told, and how to write the bench users past the CLI.
/// </summary>
public abstract class BenchDatabase : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>The configuration the server and its CLI get for this database.</summary>
    public abstract IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Inserts users bench_00000.. straight into AspNetUsers, all with the seeded template user's password hash.</summary>
    public abstract Task InsertUsersAsync(int count);

    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeCoreAsync();

    protected static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}

public sealed class SqliteBenchDatabase(string dataPath) : BenchDatabase
{
    public override string Name => "SQLite";

    // The server's default: identity.db in its data folder.
    public override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    // The file goes with the data folder.
    protected override ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    public override async Task InsertUsersAsync(int count)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataPath, "identity.db")}");
        await db.OpenAsync();
        string hash;
        await using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT PasswordHash FROM AspNetUsers WHERE NormalizedUserName = $name";
            read.Parameters.AddWithValue("$name", BenchData.TemplateUser.ToUpperInvariant());
            hash = (string)(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException("The template user was not seeded."));
        }
        await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO AspNetUsers (Id, Name, CreatedAt, UpdatedAt, UserName, NormalizedUserName, EmailConfirmed, PasswordHash,
              SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, LockoutCount)
            VALUES ($id, $name, $now, $now, $user, $normalized, 0, $hash, $stamp, $concurrency, 0, 0, 1, 0, 0)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var normalized = insert.Parameters.Add("$normalized", SqliteType.Text);
        var stamp = insert.Parameters.Add("$stamp", SqliteType.Text);
        var concurrency = insert.Parameters.Add("$concurrency", SqliteType.Text);
        insert.Parameters.AddWithValue("$hash", hash);
        // EF Core's SQLite text form of a DateTimeOffset, as the CLI writes it.
        insert.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.NewGuid().ToString();
            name.Value = $"Bench {i}";
            user.Value = BenchData.UserName(i);
            normalized.Value = BenchData.UserName(i).ToUpperInvariant();
            stamp.Value = NewSecurityStamp();
            concurrency.Value = Guid.NewGuid().ToString();
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}

/// <summary>A database of its own on the PostgreSQL server named by IDENTITY_TEST_POSTGRES, dropped at the end.</summary>
public sealed class PostgresBenchDatabase : BenchDatabase
{
    private readonly PostgresDatabase _database;

    private PostgresBenchDatabase(PostgresDatabase database) => _database = database;

    public static async Task<PostgresBenchDatabase> CreateAsync() => new(await PostgresDatabase.CreateAsync("identity_bench"));

    public override string Name => "PostgreSQL";

    public string DatabaseName => _database.Name;

    public override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Identity"] = _database.ConnectionString,
    };

    public override async Task InsertUsersAsync(int count)
    {
        await using var db = new NpgsqlConnection(_database.ConnectionString);
        await db.OpenAsync();
        string hash;
        await using (var read = new NpgsqlCommand("""SELECT "PasswordHash" FROM "AspNetUsers" WHERE "NormalizedUserName" = @name""", db))
        {
            read.Parameters.AddWithValue("name", BenchData.TemplateUser.ToUpperInvariant());
            hash = (string)(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException("The template user was not seeded."));
        }
        // COPY: one round trip for all rows (20,000 INSERTs through the network stack take a while longer).
        var now = DateTime.UtcNow;
        await using var copy = await db.BeginBinaryImportAsync("""
            COPY "AspNetUsers" ("Id", "Name", "CreatedAt", "UpdatedAt", "UserName", "NormalizedUserName", "EmailConfirmed", "PasswordHash",
              "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "LockoutCount")
            FROM STDIN (FORMAT BINARY)
            """);
        for (var i = 0; i < count; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
            await copy.WriteAsync($"Bench {i}", NpgsqlDbType.Varchar);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(BenchData.UserName(i), NpgsqlDbType.Varchar);
            await copy.WriteAsync(BenchData.UserName(i).ToUpperInvariant(), NpgsqlDbType.Varchar);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(hash, NpgsqlDbType.Text);
            await copy.WriteAsync(NewSecurityStamp(), NpgsqlDbType.Text);
            await copy.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(true, NpgsqlDbType.Boolean);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync();
    }

    protected override ValueTask DisposeCoreAsync() => _database.DisposeAsync();
}

/// <summary>
/// A fresh database (name_&lt;random&gt;) on the PostgreSQL server that IDENTITY_TEST_POSTGRES names (a user that may create
/// databases, as scripts/with-test-postgres.sh gives), dropped again when disposed.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "IDENTITY_TEST_POSTGRES";

    private readonly NpgsqlConnectionStringBuilder _server;

    private PostgresDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>libpq's variables for this database, which node's pg reads.</summary>
    public IReadOnlyDictionary<string, string> LibpqEnvironment
    {
        get
        {
            var environment = new Dictionary<string, string>
            {
                ["PGHOST"] = _server.Host ?? "127.0.0.1",
                ["PGPORT"] = _server.Port.ToString(CultureInfo.InvariantCulture),
                ["PGUSER"] = _server.Username ?? "",
                ["PGDATABASE"] = Name,
            };
            if (_server.Password is { Length: > 0 } password) environment["PGPASSWORD"] = password;
            return environment;
        }
    }

    public static void EnsureConfigured()
    {
        if (string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(Variable)))
        {
            throw new InvalidOperationException($"PostgreSQL needs {Variable}: the connection string of a user that may create databases " +
                "(scripts/with-test-postgres.sh <command> starts a throwaway server and sets it; bench/run.sh --postgres does that).");
        }
    }

    public static async Task<PostgresDatabase> CreateAsync(string prefix)
    {
        EnsureConfigured();
        var server = new NpgsqlConnectionStringBuilder(System.Environment.GetEnvironmentVariable(Variable));
        var database = new PostgresDatabase(server, $"{prefix}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}");
        await database.OnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var db = new NpgsqlConnection(ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await OnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // Left behind on a throwaway server: not worth failing the report for.
        }
    }

    // Run on the database the connection string names (CREATE/DROP DATABASE cannot run inside the new one).
    private async Task OnServerAsync(string sql)
    {
        await using var db = new NpgsqlConnection(_server.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// node-oidc-provider's PostgreSQL store, laid out as Logto's: every model in one table keyed by tenant, model and id,
/// the payload as jsonb, with the expression indexes its lookups by uid, user code and grant id use. In a database of
/// its own, so neither server's data shares a cache or a lock with the other's.
/// </summary>
public sealed class NodeStore : IAsyncDisposable
{
    private NodeStore(PostgresDatabase database) => Database = database;

    public PostgresDatabase Database { get; }

    public static async Task<NodeStore> CreateAsync(string nodeDir)
    {
        if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "pg")))
        {
            throw new FileNotFoundException($"No node_modules/pg in {nodeDir}: node's PostgreSQL store needs the pg package (bench/run.sh installs it).");
        }
        var database = await PostgresDatabase.CreateAsync("node_bench");
        await database.ExecuteAsync("""
            CREATE TABLE oidc_model_instances (
              tenant_id varchar(21) NOT NULL,
              model_name varchar(64) NOT NULL,
              id varchar(128) NOT NULL,
              payload jsonb NOT NULL,
              expires_at timestamptz NOT NULL,
              consumed_at timestamptz,
              PRIMARY KEY (tenant_id, model_name, id)
            );
            CREATE INDEX oidc_model_instances__user_code ON oidc_model_instances (tenant_id, model_name, (payload->>'userCode'));
            CREATE INDEX oidc_model_instances__uid ON oidc_model_instances (tenant_id, model_name, (payload->>'uid'));
            CREATE INDEX oidc_model_instances__grant_id ON oidc_model_instances (tenant_id, model_name, (payload->>'grantId'));
            CREATE INDEX oidc_model_instances__expires_at ON oidc_model_instances (tenant_id, expires_at);
            """);
        return new NodeStore(database);
    }

    /// <summary>The rows per model, e.g. "Grant 257, RefreshToken 512": that node really wrote here.</summary>
    public async Task<string> RowsAsync()
    {
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT model_name, count(*) FROM oidc_model_instances GROUP BY model_name ORDER BY model_name", db);
        await using var reader = await count.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
        return rows.Count == 0 ? "none" : string.Join(", ", rows);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
