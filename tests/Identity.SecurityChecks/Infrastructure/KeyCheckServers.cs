using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// A check server with settings of its own, which can also be a second instance sharing another server's data folder
/// (so its database and key rings), as a second node behind a load balancer would.
/// </summary>
public class ConfiguredCheckServer : CheckServer
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ConfiguredCheckServer(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>A second instance on <paramref name="first"/>'s database, with the same settings.</summary>
    public ConfiguredCheckServer(ConfiguredCheckServer first)
        : base(first.DataPath) => _settings = first._settings;

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings.Concat(_settings));

    public string DatabaseFile => Path.Combine(DataPath, "identity.db");

    /// <summary>
    /// Runs the product's admin CLI on this server's database, as an admin would next to a running server:
    /// <c>dotnet Identity.Server.dll --DataPath=... &lt;command&gt;</c>, with this server's settings.
    /// </summary>
    public Task<ProcessResult> RunCliAsync(params string[] command)
    {
        var product = Repository.BuildOutput("src/Identity.Server", "Identity.Server.dll");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Bootstrap__ManagementApplication"] = "false",
            ["DataProtection__AllowUnprotectedKeys"] = "true",
        };
        var start = DotnetApp.StartInfo(product, ["--DataPath=" + DataPath, .. command], Path.GetDirectoryName(product)!,
            ServerEnvironment.MachineSettingsToDrop, environment.Concat(Settings));
        return ChildProcess.RunToEndAsync(start, TimeSpan.FromSeconds(90));
    }
}

/// <summary>Check 77's server: re-reads the signing keys every second, so a key the CLI adds is seen at once.</summary>
public sealed class KeyRolloverCheckServer() : ConfiguredCheckServer(new Dictionary<string, string>
{
    ["Keys__ReloadInterval"] = "00:00:01",
});

/// <summary>
/// Check 77's scheduled rotation: a new key 30 days after the newest, checked every second; each round logged (debug)
/// so the test can wait for rounds instead of for time.
/// </summary>
public sealed class ScheduledRotationCheckServer() : ConfiguredCheckServer(new Dictionary<string, string>
{
    ["Keys__ReloadInterval"] = "00:00:01",
    ["Keys__RotationInterval"] = "30.00:00:00",
    ["Logging__LogLevel__Identity.Keys.SigningKeyMaintenance"] = "Debug",
});

/// <summary>
/// Check 78's server: its Data Protection key ring encrypted at rest with a certificate from a file (a PKCS#12 file
/// made for the run), as a production deployment configures it.
/// </summary>
public sealed class DataProtectionCheckServer : ConfiguredCheckServer
{
    public const string CertificatePassword = "checks-dp-certificate-password";

    public DataProtectionCheckServer() : base(CertificateSettings(out var path))
    {
        CertificatePath = path;
    }

    private DataProtectionCheckServer(DataProtectionCheckServer first) : base(first)
    {
        CertificatePath = first.CertificatePath;
    }

    /// <summary>A second instance sharing this server's database and certificate (not started yet).</summary>
    public DataProtectionCheckServer SecondInstance() => new(this);

    public string CertificatePath { get; }

    public override async Task InitializeAsync()
    {
        if (!File.Exists(CertificatePath))
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Identity Data Protection checks", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(CertificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        }
        await base.InitializeAsync();
    }

    /// <summary>
    /// Adds a key to the server's Data Protection ring, in the database, encrypted with the same certificate, active at
    /// once: what the ring's own 90-day rotation or another instance does. Servers that already read the ring meet it
    /// when a payload names it (or at their next ring refresh); servers that start afterwards protect with it.
    /// </summary>
    public Guid AddDataProtectionKey()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection()
            .SetApplicationName("Identity")
            .AddKeyManagementOptions(o => o.XmlRepository = new SqliteKeyRepository(DatabaseFile))
            .ProtectKeysWithCertificate(certificate);
        using var provider = services.BuildServiceProvider();
        var now = DateTimeOffset.UtcNow;
        return provider.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90)).KeyId;
    }

    /// <summary>The rows of the ring as stored.</summary>
    public IReadOnlyList<string> StoredDataProtectionKeys() => new SqliteKeyRepository(DatabaseFile).GetAllElements().Select(e => e.ToString()).ToList();

    /// <summary>The Data Protection key a protected payload (a cookie value) was protected with: bytes 4–20 of its header.</summary>
    public static Guid KeyIdOf(string protectedPayload)
    {
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(protectedPayload);
        return new Guid(bytes.AsSpan(4, 16));
    }

    private static Dictionary<string, string> CertificateSettings(out string path)
    {
        path = Path.Combine(Path.GetTempPath(), "identity-checks-dp-" + Guid.NewGuid().ToString("N") + ".pfx");
        return new Dictionary<string, string>
        {
            ["DataProtection__CertificatePath"] = path,
            ["DataProtection__CertificatePassword"] = CertificatePassword,
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDataPath)
        {
            File.Delete(CertificatePath);
        }
    }

    /// <summary>The server's <c>DataProtectionKeys</c> table (EF Core's Data Protection store), read and written directly.</summary>
    private sealed class SqliteKeyRepository(string databaseFile) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Xml FROM DataProtectionKeys";
            using var reader = command.ExecuteReader();
            var elements = new List<XElement>();
            while (reader.Read())
            {
                elements.Add(XElement.Parse(reader.GetString(0)));
            }
            return elements;
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO DataProtectionKeys (FriendlyName, Xml) VALUES ($name, $xml)";
            command.Parameters.AddWithValue("$name", friendlyName);
            command.Parameters.AddWithValue("$xml", element.ToString(SaveOptions.DisableFormatting));
            command.ExecuteNonQuery();
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }
    }
}
