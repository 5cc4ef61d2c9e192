using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// The real server, started once per test class as its own process (<c>dotnet Identity.Server.dll</c>) on a free
/// 127.0.0.1 port, with a fresh SQLite database and a seed file registering the SPA the tests sign in to.
/// The relying party's callback listener starts first, because the seed file must name its redirect URI.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime, IDisposable
{
    public const string ClientId = "e2e-spa";

    // An upper bound, not a wait: a loaded two-core CI machine can take long to start a process cold.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Settings from the machine that would point the server elsewhere than the temp folder and port chosen here.
    private static readonly string[] InheritedSettingsToDrop =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT",
        "ConnectionStrings__Identity", "Database__Provider", "Issuer", "SignInExperience__SignInMode",
    ];

    private readonly StringBuilder _output = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "identity-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, object> _moreSeed;
    private readonly IReadOnlyList<object> _moreApplications;
    private Process? _process;

    /// <summary>The server with only the SPA seeded: username and password sign-in, Logto's defaults.</summary>
    public ServerProcess()
        : this(new Dictionary<string, object>())
    {
    }

    /// <param name="moreSeed">
    /// Seed file sections besides <c>applications</c> (e.g. <c>connectors</c>, <c>signInExperience</c>), each serialized
    /// to JSON under its key. The server reads them once, at start-up, so they hold for the life of the process.
    /// </param>
    /// <param name="moreApplications">
    /// Applications to seed besides the SPA (e.g. the sample app as a Traditional app), each serialized to JSON as one
    /// entry of <c>applications</c>.
    /// </param>
    /// <remarks>Not public: xunit builds a class fixture through its one public constructor.</remarks>
    internal ServerProcess(IReadOnlyDictionary<string, object> moreSeed, IReadOnlyList<object>? moreApplications = null)
    {
        _moreSeed = moreSeed;
        _moreApplications = moreApplications ?? [];
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The issuer the server announces: its origin plus <c>/oidc</c>, without a trailing slash.</summary>
    public string Issuer => BaseUri.AbsoluteUri.TrimEnd('/') + "/oidc";

    public CallbackListener Callback { get; private set; } = null!;

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: do it here so no server or port is left behind.
            Dispose();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var serverDll = FindServerDll();
        Callback = CallbackListener.Start();
        Directory.CreateDirectory(_dataFolder);
        var seedPath = Path.Combine(_dataFolder, "seed.json");
        await File.WriteAllTextAsync(seedPath, SeedJson(Callback, _moreSeed, _moreApplications));

        BaseUri = new Uri($"http://127.0.0.1:{FreePort.Find()}/");
        var start = new ProcessStartInfo(DotnetHost(), [serverDll, "--urls", BaseUri.AbsoluteUri.TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in InheritedSettingsToDrop)
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Security__RequireHttps"] = "false"; // the tests speak plain http on loopback
        start.Environment["DataPath"] = _dataFolder;
        start.Environment["Seed__Path"] = seedPath;
        start.Environment["DataProtection__AllowUnprotectedKeys"] = "true"; // Production refuses an unencrypted key ring otherwise

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilReadyAsync(_process);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops the server (and anything it started) and deletes its data; safe to call more than once.</summary>
    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            process.Dispose();
        }
        Callback?.Dispose();
        try
        {
            if (Directory.Exists(_dataFolder))
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for; its name says where it came from.
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var discovery = new Uri(BaseUri, "oidc/.well-known/openid-configuration");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The server exited with code {process.ExitCode} before answering {discovery}.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(discovery);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer {discovery} with 200 within {StartTimeout.TotalSeconds} s.\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static string SeedJson(
        CallbackListener callback, IReadOnlyDictionary<string, object> moreSeed, IReadOnlyList<object> moreApplications)
    {
        var spa = new
        {
            id = ClientId,
            name = "E2E SPA",
            type = "SPA",
            redirectUris = new[] { callback.CallbackUri.AbsoluteUri },
            postLogoutRedirectUris = new[] { callback.BaseUri.AbsoluteUri },
        };
        var seed = new Dictionary<string, object>(moreSeed)
        {
            ["applications"] = (object[])[spa, .. moreApplications],
        };
        return JsonSerializer.Serialize(seed);
    }

    /// <summary>
    /// src/Identity.Server/bin/{configuration}/net10.0/Identity.Server.dll, built by the project reference in the same
    /// configuration as this test assembly (Debug locally, Release in CI).
    /// </summary>
    private static string FindServerDll() => Repository.BuildOutput("src/Identity.Server", "Identity.Server.dll");

    /// <summary>The dotnet host to start a built app with: the one running the tests when the CLI says, else dotnet on PATH.</summary>
    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
