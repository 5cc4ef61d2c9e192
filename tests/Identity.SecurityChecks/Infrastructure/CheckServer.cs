using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// One real server process per test class: Identity.SecurityChecks.Host on a free 127.0.0.1 port, with its own SQLite
/// file, the <see cref="CheckSeed"/> applications and users, and a clock the checks move over HTTP instead of sleeping.
/// </summary>
public class CheckServer : IAsyncLifetime, IDisposable
{
    // An upper bound, not a wait: a loaded two-core machine can take long to start a process cold.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Settings from the machine that would point the server elsewhere than the folder and port chosen here.
    private static readonly string[] InheritedSettingsToDrop =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT",
        "ConnectionStrings__Identity", "Database__Provider", "Issuer",
    ];

    private readonly StringBuilder _output = new();
    private Process? _process;

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
    public string Output { get { lock (_output) return _output.ToString(); } }

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

    public virtual async Task InitializeAsync()
    {
        if (OwnsDataPath)
        {
            Directory.CreateDirectory(DataPath);
            await File.WriteAllTextAsync(Path.Combine(DataPath, "seed.json"), SeedJson);
        }
        BaseUri = new Uri($"http://127.0.0.1:{FreePort()}/");
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
        var start = new ProcessStartInfo(DotnetHost(), [HostDll(), "--urls", BaseUri.AbsoluteUri.TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(HostDll())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in InheritedSettingsToDrop)
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Security__RequireHttps"] = "false"; // the checks speak plain http on loopback
        start.Environment["DataPath"] = DataPath;
        start.Environment["Seed__Path"] = Path.Combine(DataPath, "seed.json");
        start.Environment["DataProtection__AllowUnprotectedKeys"] = "true"; // Production refuses an unencrypted key ring otherwise
        foreach (var (key, value) in Settings.Concat(MoreSettings))
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(_process);
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var discovery = new Uri(BaseUri, "oidc/.well-known/openid-configuration");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode} before answering {discovery}.\n{Output}");
            }
            try
            {
                // Any answer below 500 means the app is up (a server that requires https redirects plain http).
                using var response = await http.GetAsync(discovery);
                if ((int)response.StatusCode < 500) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not answer {discovery} within {StartTimeout.TotalSeconds} s.\n{Output}");
    }

    private void Stop()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        process.Dispose();
    }

    public virtual Task DisposeAsync()
    {
        Stop();
        try
        {
            if (OwnsDataPath && Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for; its name says where it came from.
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        DisposeAsync().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host built next to this assembly's configuration (Debug locally, Release in CI).</summary>
    private static string HostDll()
    {
        var configuration = typeof(CheckServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Identity.sln"))) root = root.Parent;
        var path = Path.Combine(root!.FullName, "tests", "Identity.SecurityChecks.Host", "bin", configuration, "net10.0", "Identity.SecurityChecks.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first (dotnet build -c {configuration}): {path}");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private sealed class SharedDataInstance(string dataPath) : CheckServer(dataPath);
}
