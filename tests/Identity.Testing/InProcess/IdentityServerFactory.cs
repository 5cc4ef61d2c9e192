using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Testing;

/// <summary>
/// The real server (its entry point <typeparamref name="TProgram"/>, named by the test project that references the
/// server, so this library references no product project) on Kestrel, listening on a free 127.0.0.1 port, with its own database (a SQLite file, or a new
/// PostgreSQL database when the run asks for it: see <see cref="TestDatabase"/>), the test seed and a clock the tests
/// move instead of sleeping.
/// </summary>
public class IdentityServerFactory<TProgram> : WebApplicationFactory<TProgram>, IServerUnderTest
    where TProgram : class
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "identity-tests-" + Guid.NewGuid().ToString("N"));
    private readonly TestDatabase _database = TestDatabase.Create();

    /// <summary>The database this server uses (SQLite in <see cref="DataPath"/>, or a PostgreSQL database of its own).</summary>
    protected TestDatabase Database => _database;

    public IdentityServerFactory()
    {
        Directory.CreateDirectory(_dataPath);
        SeedPath = Path.Combine(_dataPath, "seed.json");
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string SeedPath { get; }

    public string DataPath => _dataPath;

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    public string Issuer => BaseAddress.AbsoluteUri.TrimEnd('/') + "/oidc";

    /// <summary>The seed file the server starts with.</summary>
    protected virtual string SeedJson => TestApps.SeedJson;

    /// <summary>Extra configuration for a test class (e.g. a shorter refresh token leeway).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        File.WriteAllText(SeedPath, SeedJson);
        builder.UseEnvironment("Production");
        builder.UseSetting("DataPath", _dataPath);
        builder.UseSetting("Seed:Path", SeedPath);
        builder.UseSetting("Security:RequireHttps", "false");
        builder.UseSetting("DataProtection:AllowUnprotectedKeys", "true"); // Production refuses an unencrypted key ring otherwise
        // The background cleanup would delete rows whenever a test moves the clock; its own tests turn it back on.
        builder.UseSetting("Cleanup:Enabled", "false");
        foreach (var (key, value) in _database.Settings.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A browser-like client: its own cookies, redirects followed by hand so tests can see them.</summary>
    public BrowserSession NewBrowser() => new(BaseAddress, FollowedHosts);

    /// <summary>Other hosts a browser follows redirects to (e.g. a fake upstream provider).</summary>
    protected virtual IEnumerable<Uri> FollowedHosts => [];

    /// <summary>A plain HTTP client for back-channel calls (token, userinfo, revocation).</summary>
    public HttpClient NewBackChannel() => new() { BaseAddress = BaseAddress };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
            try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
        }
    }
}
