using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>The server executable started as an admin would start it, on a free 127.0.0.1 port, with its output captured.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="dataPath">The data folder (the SQLite file, unless <paramref name="environment"/> names another database).</param>
    /// <param name="environment">Extra environment variables, overriding the defaults (e.g. <see cref="TestDatabase.EnvironmentVariables"/>).</param>
    /// <param name="readyPath">Polled until it answers 2xx; null: until it answers at all (e.g. an https redirect).</param>
    public static async Task<ServerProcess> StartAsync(string dataPath, IEnumerable<KeyValuePair<string, string>>? environment = null,
        string? readyPath = "/oidc/.well-known/openid-configuration")
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", ["Identity.Server.dll", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DataPath"] = dataPath, ["Security__RequireHttps"] = "false", ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DataProtection__AllowUnprotectedKeys"] = "true" },
        };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {server._process.ExitCode}:\n{server.Output}");
            }
            try
            {
                using var response = await http.GetAsync(readyPath ?? "/");
                if (readyPath is null || response.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("The server did not start within 30 s:\n" + server.Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
