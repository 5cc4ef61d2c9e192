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

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "identity-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, object> _moreSeed;
    private readonly IReadOnlyList<object> _moreApplications;
    private ChildProcess? _process;

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
    public string Output => _process?.Output ?? "";

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

        BaseUri = FreePort.NewLoopbackUri();
        var environment = ServerEnvironment.ProductionOnLoopback(_dataFolder);
        environment["Seed__Path"] = seedPath;
        var start = DotnetApp.StartInfo(serverDll, ["--urls", BaseUri.AbsoluteUri.TrimEnd('/')], Path.GetDirectoryName(serverDll)!,
            ServerEnvironment.MachineSettingsToDrop, environment);
        _process = ChildProcess.Start(start, "The server");
        await _process.WaitUntilAnsweringAsync(new Uri(BaseUri, "oidc/.well-known/openid-configuration"));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops the server (and anything it started) and deletes its data; safe to call more than once.</summary>
    public void Dispose()
    {
        _process?.Dispose();
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
}
