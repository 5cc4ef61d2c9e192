namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// One real server process per test class: Identity.SecurityChecks.Host on a free 127.0.0.1 port, with its own SQLite
/// file, the <see cref="CheckSeed"/> applications and users, and a clock the checks move over HTTP instead of sleeping.
/// </summary>
public class CheckServer : IAsyncLifetime, IDisposable
{
    private ChildProcess? _process;
    private string _outputBeforeRestarts = "";

    private readonly bool _ownsData;

    public CheckServer()
        : this(sharedDataPath: null)
    {
    }

    /// <param name="sharedDataPath">Another server's data folder, to run a second instance on the same database; null: a new one.</param>
    protected CheckServer(string? sharedDataPath)
    {
        _ownsData = sharedDataPath is null;
        DataPath = sharedDataPath ?? Path.Combine(Path.GetTempPath(), "identity-checks-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The server's data folder (SQLite database, seed file); a subclass may share another server's.</summary>
    public string DataPath { get; }

    /// <summary>
    /// A second instance on <paramref name="first"/>'s data folder (its database and key rings), as a second node behind
    /// a load balancer would run, with the same extra settings; start it after the first.
    /// </summary>
    public static CheckServer SecondInstanceOf(CheckServer first)
    {
        var second = new SharedDataInstance(first.DataPath);
        foreach (var (key, value) in first.MoreSettings) second.MoreSettings[key] = value;
        return second;
    }

    /// <summary>Whether this server writes the seed and deletes <see cref="DataPath"/>: not when it shares another server's.</summary>
    protected bool OwnsDataPath => _ownsData;

    /// <summary>Settings added to <see cref="Settings"/> before the server starts (e.g. the issuer two instances share).</summary>
    public Dictionary<string, string> MoreSettings { get; } = [];

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The issuer the server announces: its origin plus <c>/oidc</c>.</summary>
    public string Issuer => BaseUri.AbsoluteUri.TrimEnd('/') + "/oidc";

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public string Output => _outputBeforeRestarts + _process?.Output;

    /// <summary>
    /// Configuration for this server, as environment variables (<c>Section__Key</c>). The default lifts the per-IP
    /// failure limit, because every check speaks from 127.0.0.1 and some fail on purpose; the brute-force checks
    /// run on a server of their own with the product's default.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Security__FailureRateLimit__PermitLimit"] = "100000",
    };

    /// <summary>The seed file the server starts with.</summary>
    protected virtual string SeedJson => CheckSeed.Json;

    /// <summary>
    /// Whether the server runs on a new PostgreSQL database of its own (<see cref="Postgres"/>) instead of a SQLite file
    /// in <see cref="DataPath"/>; a second instance shares the first one's through <see cref="MoreSettings"/>.
    /// </summary>
    protected virtual bool OnPostgreSql => false;

    /// <summary>The server's PostgreSQL database when it runs <see cref="OnPostgreSql"/>; dropped when the server is disposed.</summary>
    protected PostgresDatabase? Postgres { get; private set; }

    public virtual async Task InitializeAsync()
    {
        if (OnPostgreSql && OwnsDataPath)
        {
            // The checks cut the database off on purpose: a short connect timeout keeps each refusal quick.
            Postgres = await PostgresDatabase.CreateAsync("identity_checks_", connectTimeoutSeconds: 3);
            foreach (var (key, value) in Postgres.ServerSettings) MoreSettings[key] = value;
        }
        if (OwnsDataPath)
        {
            Directory.CreateDirectory(DataPath);
            await File.WriteAllTextAsync(Path.Combine(DataPath, "seed.json"), SeedJson);
        }
        BaseUri = FreePort.NewLoopbackUri();
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: do it here so no server or port is left behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the process and starts it again on the same port and database, as an admin's restart would.</summary>
    public async Task RestartAsync()
    {
        Stop();
        await StartAsync();
    }

    /// <summary>Moves the server's clock forward: tokens, codes, sessions, lockouts and rate-limit windows all age.</summary>
    public async Task AdvanceClockAsync(TimeSpan by)
    {
        using var http = NewBackChannel();
        using var response = await http.PostAsync($"/_checks/clock?advanceSeconds={by.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A browser-like client: its own cookies, redirects followed by hand so checks can see them.</summary>
    public BrowserSession NewBrowser(params Uri[] alsoFollow) => new(BaseUri, alsoFollow);

    /// <summary>A plain client for back-channel calls (token, userinfo, revocation), redirects not followed.</summary>
    public HttpClient NewBackChannel() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    private async Task StartAsync()
    {
        var host = Repository.BuildOutput("tests/Identity.SecurityChecks.Host", "Identity.SecurityChecks.Host.dll");
        var environment = ServerEnvironment.ProductionOnLoopback(DataPath);
        environment["Seed__Path"] = Path.Combine(DataPath, "seed.json");
        var start = DotnetApp.StartInfo(host, ["--urls", BaseUri.AbsoluteUri.TrimEnd('/')], Path.GetDirectoryName(host)!,
            ServerEnvironment.MachineSettingsToDrop, environment.Concat(Settings).Concat(MoreSettings));
        _process = ChildProcess.Start(start, "The server");
        await _process.WaitUntilAnsweringAsync(new Uri(BaseUri, "oidc/.well-known/openid-configuration"));
    }

    private void Stop()
    {
        if (_process is not { } process) return;
        _process = null;
        process.Dispose();
        _outputBeforeRestarts += process.Output;
    }

    public virtual async Task DisposeAsync()
    {
        Stop();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try
        {
            if (OwnsDataPath && Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for; its name says where it came from.
        }
    }

    public void Dispose()
    {
        DisposeAsync().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    private sealed class SharedDataInstance(string dataPath) : CheckServer(dataPath);
}
