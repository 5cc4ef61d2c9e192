using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Cli.Tests.Published;

/// <summary>
/// The operator's own working folder, as in the README's production set-up: a self-signed certificate for the Data
/// Protection key ring (PEM certificate and key files) and a database, either a SQLite file in this folder or a new
/// database on the PostgreSQL server named by <c>IDENTITY_TEST_POSTGRES</c> (scripts/test.sh starts a throwaway one).
/// </summary>
public sealed class OperatorFolder : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;

    private OperatorFolder(string provider, PostgresDatabase? postgres)
    {
        Path = Directory.CreateTempSubdirectory("identity-operator-").FullName;
        _postgres = postgres;
        WriteKeyRingCertificate();

        Settings = new Dictionary<string, string>
        {
            ["DataProtection__CertificatePath"] = System.IO.Path.Combine(Path, "dp.pem"),
            ["DataProtection__CertificateKeyPath"] = System.IO.Path.Combine(Path, "dp.key"),
            ["Database__Provider"] = provider,
            ["ConnectionStrings__Identity"] = postgres?.ConnectionString ?? $"Data Source={System.IO.Path.Combine(Path, "identity.db")}",
        };
    }

    public string Path { get; }

    /// <summary>The server's settings, as environment variables.</summary>
    public Dictionary<string, string> Settings { get; }

    /// <summary>A folder with a fresh database of <paramref name="provider"/> (<c>Sqlite</c> or <c>PostgreSql</c>).</summary>
    public static async Task<OperatorFolder> CreateAsync(string provider) =>
        new(provider, provider == "PostgreSql" ? await PostgresDatabase.CreateAsync("identity_cli_") : null);

    public string WriteFile(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
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
}
