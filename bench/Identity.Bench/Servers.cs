using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Identity.Bench;

/// <summary>A server under test: a child process pinned to one core (taskset), on a free 127.0.0.1 port.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

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
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "ConnectionStrings__Identity", "Database__Provider", "Issuer", "Seed__Path" })
        {
            start.Environment.Remove(name);
        }
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
    /// Seeds a fresh data folder: the applications (and one template user with a password) through the server's own
    /// <c>seed --file</c> CLI, so their rows, secrets and audit entries are exactly the product's; then the bench users
    /// straight into AspNetUsers, all with the template's Argon2id hash. Going through the CLI for 20,000 users costs
    /// more than ten minutes (each is created and audited on its own), and hashing 20,000 passwords ~15 more; sharing
    /// one PHC string costs nothing at sign-in (each verification still runs the full Argon2id).
    /// </summary>
    public async Task SeedAsync(string serverDll, string dataPath, TextWriter log)
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
        cli.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        cli.Environment["DataProtection__AllowUnprotectedKeys"] = "true"; // Production refuses an unencrypted key ring otherwise
        cli.Environment.Remove("Seed__Path");
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
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataPath, "identity.db")}");
        await db.OpenAsync();
        string hash;
        await using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT PasswordHash FROM AspNetUsers WHERE NormalizedUserName = $name";
            read.Parameters.AddWithValue("$name", TemplateUser.ToUpperInvariant());
            hash = (string)(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException("The template user was not seeded."));
        }
        await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO AspNetUsers (Id, Name, CreatedAt, UpdatedAt, UserName, NormalizedUserName, EmailConfirmed, PasswordHash,
              SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, LockoutCount)
            VALUES ($id, $name, $now, $now, $user, $normalized, 0, $hash, $stamp, $concurrency, 0, 0, 1, 0, 0)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var normalized = insert.Parameters.Add("$normalized", SqliteType.Text);
        var stamp = insert.Parameters.Add("$stamp", SqliteType.Text);
        var concurrency = insert.Parameters.Add("$concurrency", SqliteType.Text);
        insert.Parameters.AddWithValue("$hash", hash);
        // EF Core's SQLite text form of a DateTimeOffset, as the CLI writes it.
        insert.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        for (var i = 0; i < Users; i++)
        {
            id.Value = Guid.NewGuid().ToString();
            name.Value = $"Bench {i}";
            user.Value = UserName(i);
            normalized.Value = UserName(i).ToUpperInvariant();
            stamp.Value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            concurrency.Value = Guid.NewGuid().ToString();
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        log.WriteLine($"  {Users:N0} users inserted with the template's Argon2id hash ({clock.Elapsed.TotalSeconds:F1} s)");
    }
}
