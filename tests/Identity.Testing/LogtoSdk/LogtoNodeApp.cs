using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Testing;

/// <summary>
/// A Logto SDK app: <c>node tests/logto-node-client/driver.mjs</c>, which runs @logto/node's LogtoClient unchanged
/// against the server. Commands go to its stdin as JSON lines and each answer comes back as one JSON line.
/// </summary>
public sealed class LogtoNodeApp : IAsyncDisposable
{
    public const string ClientFolder = "tests/logto-node-client";
    public const string InstallCommand = "npm ci --prefix " + ClientFolder;
    public const string ExpectedSdkVersion = "3.1.11";

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _transcript = [];
    private readonly JsonArray _http = [];

    private LogtoNodeApp(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>What the driver said when it started (Node.js and SDK versions).</summary>
    public JsonObject Ready { get; private set; } = [];

    /// <summary>Starts the app for a client registered on the server at <paramref name="endpoint"/>.</summary>
    /// <param name="resources">The config's <c>resources</c> (API resource indicators), if any.</param>
    /// <param name="scopes">The config's <c>scopes</c>, if any.</param>
    public static async Task<LogtoNodeApp> StartAsync(Uri endpoint, string appId, string appSecret,
        IEnumerable<string>? resources = null, IEnumerable<string>? scopes = null)
    {
        var folder = Path.Combine(Repository.Root.FullName, ClientFolder);
        var sdkPackage = Path.Combine(folder, "node_modules", "@logto", "node", "package.json");
        if (!File.Exists(sdkPackage))
        {
            Assert.Fail($"The Logto SDK app's packages are not installed ({sdkPackage} is missing). Install them with `{InstallCommand}` from the repository root.");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("driver.mjs");
        info.Environment["LOGTO_ENDPOINT"] = endpoint.AbsoluteUri.TrimEnd('/');
        info.Environment["LOGTO_APP_ID"] = appId;
        info.Environment["LOGTO_APP_SECRET"] = appSecret;
        info.Environment["NODE_NO_WARNINGS"] = "1";
        if (resources is not null)
        {
            info.Environment["LOGTO_RESOURCES"] = string.Join(' ', resources);
        }
        if (scopes is not null)
        {
            info.Environment["LOGTO_SCOPES"] = string.Join(' ', scopes);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Node.js is needed to run the Logto SDK app but `node` could not be started: {e.Message}");
            throw;
        }

        var app = new LogtoNodeApp(process);
        try
        {
            var ready = await app.ReadAnswerAsync("(start)");
            if (ready["ready"]?.GetValue<bool>() != true)
            {
                Assert.Fail($"The Logto SDK app did not start: {ready.ToJsonString()}\n{app.Diagnostics}");
            }
            var version = ready["versions"]?["@logto/node"]?.GetValue<string>();
            if (version != ExpectedSdkVersion)
            {
                Assert.Fail($"@logto/node {ExpectedSdkVersion} is expected in {ClientFolder}/node_modules, found {version}. Reinstall with `{InstallCommand}`.");
            }
            app.Ready = ready;
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a command and returns its answer, which may be an <c>{"error":...}</c> object.</summary>
    public async Task<JsonObject> SendAsync(string cmd, object? arguments = null)
    {
        var command = arguments is null ? [] : JsonSerializer.SerializeToNode(arguments)!.AsObject();
        command["cmd"] = cmd;
        var line = command.ToJsonString();
        _transcript.Add("> " + line);
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        var answer = await ReadAnswerAsync(cmd);
        if (cmd == "trace" && answer["http"] is JsonArray exchanges)
        {
            foreach (var exchange in exchanges)
            {
                _http.Add(exchange?.DeepClone());
            }
        }
        return answer;
    }

    /// <summary>Sends a command and fails the test, with everything the SDK saw, if the answer is an error.</summary>
    public async Task<JsonObject> ExpectAsync(string cmd, object? arguments = null)
    {
        var answer = await SendAsync(cmd, arguments);
        if (answer.ContainsKey("error"))
        {
            Assert.Fail($"The Logto SDK failed on `{cmd}`: {answer.ToJsonString(Indented)}\n{await DescribeAsync()}");
        }
        return answer;
    }

    /// <summary>The commands and answers so far, every HTTP exchange the SDK made, and the driver's stderr.</summary>
    public async Task<string> DescribeAsync()
    {
        if (!_process.HasExited)
        {
            await SendAsync("trace");
        }
        return $"Transcript:\n{string.Join('\n', _transcript)}\nHTTP exchanges made by the SDK:\n{_http.ToJsonString(Indented)}\n{Diagnostics}";
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return $"Driver stderr:\n{_stderr}";
            }
        }
    }

    private async Task<JsonObject> ReadAnswerAsync(string cmd)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Logto SDK app gave no answer to `{cmd}` within {AnswerTimeout.TotalSeconds} s.\n{Diagnostics}");
        }
        if (line is null)
        {
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"The Logto SDK app exited (code {_process.ExitCode}) instead of answering `{cmd}`.\n{Diagnostics}");
        }
        _transcript.Add("< " + line);
        return JsonNode.Parse(line) as JsonObject
            ?? throw new InvalidOperationException($"The Logto SDK app answered `{cmd}` with something that is not a JSON object: {line}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("{\"cmd\":\"exit\"}");
                await _process.StandardInput.FlushAsync();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // It is gone or stuck: end it below.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}
