using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace Identity.Cli.Tests.Published;

/// <summary>
/// The operator's own working folder, as in the README's production set-up: a self-signed certificate for the Data
/// Protection key ring (PEM certificate and key files) and a database, either a SQLite file in this folder or a new
/// database on the PostgreSQL server named by <c>IDENTITY_TEST_POSTGRES</c> (scripts/test.sh starts a throwaway one).
/// </summary>
public sealed class OperatorFolder : IAsyncDisposable
{
    public const string PostgresServerVariable = "IDENTITY_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresDatabase;

    private OperatorFolder(string provider, string? postgresAdmin, string? postgresDatabase)
    {
        Path = Directory.CreateTempSubdirectory("identity-operator-").FullName;
        _postgresAdmin = postgresAdmin;
        _postgresDatabase = postgresDatabase;
        WriteKeyRingCertificate();

        Settings = new Dictionary<string, string>
        {
            ["DataProtection__CertificatePath"] = System.IO.Path.Combine(Path, "dp.pem"),
            ["DataProtection__CertificateKeyPath"] = System.IO.Path.Combine(Path, "dp.key"),
            ["Database__Provider"] = provider,
            ["ConnectionStrings__Identity"] = postgresDatabase is null
                ? $"Data Source={System.IO.Path.Combine(Path, "identity.db")}"
                : new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = postgresDatabase }.ConnectionString,
        };
    }

    public string Path { get; }

    /// <summary>The server's settings, as environment variables.</summary>
    public Dictionary<string, string> Settings { get; }

    /// <summary>A folder with a fresh database of <paramref name="provider"/> (<c>Sqlite</c> or <c>PostgreSql</c>).</summary>
    public static async Task<OperatorFolder> CreateAsync(string provider)
    {
        if (provider != "PostgreSql")
        {
            return new OperatorFolder(provider, null, null);
        }
        // No PostgreSQL is a failure, never a skip: PostgreSQL is a supported production database.
        var admin = Environment.GetEnvironmentVariable(PostgresServerVariable) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"{PostgresServerVariable} is not set: run through scripts/with-test-postgres.sh (scripts/test.sh does).");
        var database = "identity_cli_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");
        return new OperatorFolder(provider, admin, database);
    }

    public string WriteFile(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            await ExecuteAsync(_postgresAdmin, $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)");
        }
        Directory.Delete(Path, recursive: true);
    }

    // As `openssl req -x509 -newkey rsa:3072 -nodes -keyout dp.key -out dp.pem` would, without needing openssl.
    private void WriteKeyRingCertificate()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Identity Data Protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        File.WriteAllText(System.IO.Path.Combine(Path, "dp.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(System.IO.Path.Combine(Path, "dp.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
