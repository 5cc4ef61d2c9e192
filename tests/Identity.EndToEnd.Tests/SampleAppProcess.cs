using System.Diagnostics;
using System.Text;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// samples/Bookstore, the tutorial's relying party, started as its own process (<c>dotnet Bookstore.dll --urls …</c>)
/// the way its README runs it: Development (so it accepts the server's plain-http metadata), pointed at the server
/// by <c>Identity__Authority</c>, <c>Identity__ClientId</c> and <c>Identity__ClientSecret</c>.
/// </summary>
public sealed class SampleAppProcess : IDisposable
{
    // An upper bound, not a wait: a loaded two-core CI machine can take long to start a process cold.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Settings from the machine that would point the sample elsewhere than the port and server chosen here.
    private static readonly string[] InheritedSettingsToDrop =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT",
        "Identity__Authority", "Identity__ClientId", "Identity__ClientSecret",
    ];

    private readonly StringBuilder _output = new();
    private Process? _process;

    private SampleAppProcess(Uri baseUri) => BaseUri = baseUri;

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; }

    /// <summary>Everything the sample wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the sample on <paramref name="baseUri"/> and waits until its home page answers.</summary>
    public static async Task<SampleAppProcess> StartAsync(Uri baseUri, string authority, string clientId, string clientSecret)
    {
        var sample = new SampleAppProcess(baseUri);
        try
        {
            await sample.RunAsync(authority, clientId, clientSecret);
            return sample;
        }
        catch
        {
            sample.Dispose();
            throw;
        }
    }

    private async Task RunAsync(string authority, string clientId, string clientSecret)
    {
        var dll = Repository.BuildOutput("samples/Bookstore", "Bookstore.dll");
        var start = new ProcessStartInfo(ServerProcess.DotnetHost(), [dll, "--urls", BaseUri.AbsoluteUri.TrimEnd('/')])
        {
            // Its content root: appsettings.json sits beside the dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in InheritedSettingsToDrop)
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Identity__Authority"] = authority;
        start.Environment["Identity__ClientId"] = clientId;
        start.Environment["Identity__ClientSecret"] = clientSecret;

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilReadyAsync(_process);
    }

    /// <summary>Stops the sample; safe to call more than once.</summary>
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
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The sample app exited with code {process.ExitCode} before answering {BaseUri}.\nSample output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUri);
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

        throw new TimeoutException(
            $"The sample app did not answer {BaseUri} with 200 within {StartTimeout.TotalSeconds} s.\nSample output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
