using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Identity.Cli.Tests.Published;

/// <summary>
/// Issue 13: <c>cd /srv &amp;&amp; dotnet /opt/identity/Identity.Server.dll</c>, as systemd units and scripts start it.
/// The server's files (static assets, the default data folder) are found beside the executable, not in the folder it
/// happens to be started from.
/// </summary>
[Collection(SharedPublish.Name)]
public sealed partial class PublishedServerTests(PublishedExecutable server)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StartedFromAnotherFolder_ServesEveryStylesheetAndScriptItsPagesReference_AndKeepsItsDataBesideIt()
    {
        await using var operatorFolder = await OperatorFolder.CreateAsync("Sqlite");
        var settings = new Dictionary<string, string>(operatorFolder.Settings)
        {
            ["Security__RequireHttps"] = "false", // plain http on loopback
            ["Bootstrap__ManagementApplication"] = "false",
        };
        settings.Remove("ConnectionStrings__Identity"); // the default database: data/identity.db under the content root
        settings.Remove("Database__Provider");
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var process = new RunningServer(server.StartInfo(operatorFolder.Path, settings, "--urls", address.AbsoluteUri.TrimEnd('/')));
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await process.WaitUntilAnsweringAsync(http);

        var pages = new[] { "/sign-in", "/register" };
        var assets = new List<string>();
        foreach (var page in pages)
        {
            var html = await http.GetStringAsync(page);
            assets.AddRange(AssetReference().Matches(html).Select(match => WebUtility.HtmlDecode(match.Groups["url"].Value)));
        }

        Assert.Contains(assets, asset => asset.StartsWith("/_content/Identity.Ui/css/site.css", StringComparison.Ordinal));
        foreach (var asset in assets.Distinct())
        {
            using var response = await http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}.\n{process.Output}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty.");
        }
        Assert.True(File.Exists(Path.Combine(server.Folder.FullName, "data", "identity.db")), "No database under the publish folder's data/.");
        Assert.Empty(Directory.GetDirectories(operatorFolder.Path));
    }

    // The stylesheets and scripts a page loads (links to other pages are not assets).
    [GeneratedRegex("<(?:link[^>]*rel=\"stylesheet\"[^>]*href|script[^>]*src)=\"(?<url>/[^\"]+)\"")]
    private static partial Regex AssetReference();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server process, its output kept for failure messages, killed at the end.</summary>
    private sealed class RunningServer : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public RunningServer(ProcessStartInfo start)
        {
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        public async Task WaitUntilAnsweringAsync(HttpClient http)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < StartTimeout)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.\n{Output}");
                }
                try
                {
                    using var response = await http.GetAsync("/oidc/.well-known/openid-configuration");
                    if (response.IsSuccessStatusCode) return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }
                await Task.Delay(100);
            }
            throw new TimeoutException($"The server did not answer within {StartTimeout.TotalSeconds} s.\n{Output}");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }
    }
}
