namespace Identity.Server.Tests.Infrastructure;

/// <summary>The server executable started as an admin would start it, on a free 127.0.0.1 port, with its output captured.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ServerProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output => _process.Output;

    /// <param name="dataPath">The data folder (the SQLite file, unless <paramref name="environment"/> names another database).</param>
    /// <param name="environment">Extra environment variables, overriding the defaults (e.g. <see cref="TestDatabase.EnvironmentVariables"/>).</param>
    /// <param name="readyPath">Polled until it answers below 500 (an https redirect counts); null: the root.</param>
    public static async Task<ServerProcess> StartAsync(string dataPath, IEnumerable<KeyValuePair<string, string>>? environment = null,
        string? readyPath = "/oidc/.well-known/openid-configuration")
    {
        var address = FreePort.NewLoopbackUri();
        var start = DotnetApp.StartInfo("Identity.Server.dll", ["--urls", address.AbsoluteUri.TrimEnd('/')], AppContext.BaseDirectory,
            ServerEnvironment.MachineSettingsToDrop, ServerEnvironment.ProductionOnLoopback(dataPath).Concat(environment ?? []));
        var server = new ServerProcess(ChildProcess.Start(start, "The server"), address);
        try
        {
            await server._process.WaitUntilAnsweringAsync(new Uri(address, readyPath ?? "/"));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
