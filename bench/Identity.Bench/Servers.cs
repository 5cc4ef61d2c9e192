using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Identity.Bench;

/// <summary>A server under test: a child process pinned to one core (taskset), on a free 127.0.0.1 port.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private OutputCapture? _capture;

    private ServerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Settings of the driver's own environment that must not reach a server: each run says what it wants.</summary>
    public static IReadOnlyList<string> InheritedSettings { get; } =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "ConnectionStrings__Identity", "Database__Provider", "Issuer", "Seed__Path", "Keys__Algorithm", "Keys__AccessTokenAlgorithm"];

    public static async Task<ServerProcess> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Uri baseUri, string readyPath, int? cpu)
    {
        var pinned = cpu is not null && Pinning.TasksetAvailable;
        var start = new ProcessStartInfo(pinned ? "taskset" : fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (pinned)
        {
            // taskset execs the command: the pid stays the server's, so /proc/<pid>/status is the server's memory.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpu!.Value.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(fileName);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in InheritedSettings) start.Environment.Remove(name);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, baseUri);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(readyPath);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>What the load loops sample of this server.</summary>
    public ServerProbe Probe => new(RssKb, CpuMs);

    /// <summary>
    /// The server's CPU time so far, user + system of all its threads (ms; NaN when unreadable): /proc/&lt;pid&gt;/stat
    /// fields 14 and 15, in clock ticks of USER_HZ, which Linux fixes at 100 on x86 and arm64 whatever the kernel's tick.
    /// </summary>
    public double CpuMs()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000.0 / ClockTicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private const double ClockTicksPerSecond = 100;

    /// <summary>Keeps every line the server prints from now until the capture is disposed (the log above stops at 200,000 characters).</summary>
    public OutputCapture Capture()
    {
        var capture = new OutputCapture(() => { lock (_output) _capture = null; });
        lock (_output) _capture = capture;
        return capture;
    }

    /// <summary>The server's resident set now (VmRSS, KiB); 0 when unreadable.</summary>
    public long RssKb() => ReadStatus("VmRSS:");

    /// <summary>The server's peak resident set since it started (VmHWM, KiB).</summary>
    public long HighWaterMarkKb() => ReadStatus("VmHWM:");

    private long ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(BaseUri, readyPath);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.\n{Output}");
            try
            {
                using var response = await http.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No answer from {ready} within 120 s.\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 200_000) _output.AppendLine(line);
            _capture?.Lines.Add(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The lines a server printed while the capture was on.</summary>
public sealed class OutputCapture(Action stop) : IDisposable
{
    public List<string> Lines { get; } = [];

    public void Dispose() => stop();
}

public static class Pinning
{
    public static bool TasksetAvailable { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Any(dir => File.Exists(Path.Combine(dir, "taskset"))) == true;

    /// <summary>The CPUs this process may run on (from /proc/self/status), e.g. "1".</summary>
    public static string OwnCpus()
    {
        try
        {
            return File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

/// <summary>The data set the Identity server is measured on, and what the scenarios need to know of it.</summary>
public sealed class BenchData
{
    public const string Password = "Bench-Password-7f3a9c2e!";
    public const string RedirectUri = "http://127.0.0.1/callback";
    public const string TemplateUser = "bench_template";

    public required int Users { get; init; }
    public required int Applications { get; init; }

    public static string UserName(int i) => $"bench_{i:D5}";

    public static string ClientId(int i) => i % 2 == 0 ? $"bench-m2m-{i:D4}" : $"bench-web-{i:D4}";

    public static string Secret(int i) => $"bench-secret-{i:D4}-0123456789abcdef";

    /// <summary>The client-credentials clients (even numbers) and the web clients (odd numbers).</summary>
    public IEnumerable<int> MachineClients => Enumerable.Range(0, Applications).Where(i => i % 2 == 0);

    public IEnumerable<int> WebClients => Enumerable.Range(0, Applications).Where(i => i % 2 == 1);

    /// <summary>
    /// Seeds a fresh database: the applications (and one template user with a password) through the server's own
    /// <c>seed --file</c> CLI (which applies the migrations first), so their rows, secrets and audit entries are exactly
    /// the product's; then the bench users straight into AspNetUsers, all with the template's Argon2id hash. Going
    /// through the CLI for 20,000 users costs more than ten minutes (each is created and audited on its own), and hashing
    /// 20,000 passwords ~15 more; sharing one PHC string costs nothing at sign-in (each verification still runs the full
    /// Argon2id). <paramref name="configuration"/> is the server's (its database, its key algorithm).
    /// </summary>
    public async Task SeedAsync(string serverDll, string dataPath, BenchDatabase database, IReadOnlyDictionary<string, string> configuration, TextWriter log)
    {
        Directory.CreateDirectory(dataPath);
        var seedPath = Path.Combine(dataPath, "bench-seed.json");
        var applications = Enumerable.Range(0, Applications).Select(i => i % 2 == 0
            ? (object)new { id = ClientId(i), name = $"Bench machine {i}", type = "MachineToMachine", secret = Secret(i) }
            : new { id = ClientId(i), name = $"Bench web {i}", type = "Traditional", secret = Secret(i), redirectUris = new[] { RedirectUri } });
        await File.WriteAllTextAsync(seedPath, JsonSerializer.Serialize(new
        {
            applications,
            users = new[] { new { username = TemplateUser, password = Password, name = "Bench template" } },
        }));

        var clock = Stopwatch.StartNew();
        var cli = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(serverDll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { serverDll, $"--DataPath={dataPath}", "seed", "--file", seedPath }) cli.ArgumentList.Add(argument);
        foreach (var name in ServerProcess.InheritedSettings) cli.Environment.Remove(name);
        cli.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        cli.Environment["DataProtection__AllowUnprotectedKeys"] = "true"; // Production refuses an unencrypted key ring otherwise
        foreach (var (key, value) in configuration) cli.Environment[key] = value;
        using (var process = Process.Start(cli)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"seed --file failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            var applied = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("Applied", StringComparison.Ordinal));
            log.WriteLine($"  seed --file: {applied?.Trim()} ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        clock.Restart();
        await database.InsertUsersAsync(Users);
        log.WriteLine($"  {Users:N0} users inserted into {database.Name} with the template's Argon2id hash ({clock.Elapsed.TotalSeconds:F1} s)");
    }
}
