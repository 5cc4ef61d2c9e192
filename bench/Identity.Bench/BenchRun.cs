using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Identity.Core.Accounts;

namespace Identity.Bench;

/// <summary>Seeds and starts the servers, runs the scenarios in both loops, checks the targets, writes the report.</summary>
public sealed class BenchRun(BenchOptions options, TextWriter log)
{
    private const int PeakRefinements = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainAfterOverload = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly List<ScenarioResult> _results = [];

    /// <summary>A server under load: the open loop on a client of --max-in-flight connections, the closed one on --connections.</summary>
    private sealed record Loops(OpenLoop Open, ClosedLoop Closed, HttpClient Http, HttpClient ClosedHttp) : IDisposable
    {
        public void Dispose()
        {
            Http.Dispose();
            ClosedHttp.Dispose();
        }
    }

    public async Task<BenchReport> RunAsync()
    {
        var root = RepositoryRoot();
        var serverDll = Path.GetFullPath(options.ServerDll ?? Path.Combine(root, "src", "Identity.Server", "bin", "Release", "net10.0", "Identity.Server.dll"));
        if (!File.Exists(serverDll)) throw new FileNotFoundException($"Build the server first (dotnet build -c Release): {serverDll}");
        if (options.Database == "postgres" || (options.NodeDir is not null && options.NodeStore == "postgres")) PostgresDatabase.EnsureConfigured();

        log.WriteLine($"Identity.Bench on {Machine()}; driver on CPU(s) {Pinning.OwnCpus()}, " +
            $"servers on CPU {options.ServerCpu}{(Pinning.TasksetAvailable ? "" : " (taskset missing: NOT pinned)")}.");
        if (options.Open)
        {
            log.WriteLine($"Open loop: {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per step; " +
                $"a peak step fails past p99 {options.PeakP99.TotalMilliseconds:0} ms, {options.MaxErrors:P0} errors or < 90 % of the offered rate achieved.");
        }
        if (options.Closed)
        {
            log.WriteLine($"Closed loop: {options.Connections} connections back-to-back, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s.");
        }
        log.WriteLine($"Signing on both servers: ID tokens {options.IdTokenAlgorithm}, access tokens {options.AccessTokenAlgorithm}. Database: {DatabaseName}" +
            (options.NodeDir is null ? "." : $"; node-oidc-provider's store: {options.NodeStore}."));
        log.WriteLine("The server's per-address failure limit is OFF for the bench (Security__FailureRateLimit__PermitLimit=0): every request comes from 127.0.0.1.");

        var hashes = MeasureHashRate();
        log.WriteLine($"Argon2id verification alone (Identity.Core's hasher, 19 MiB, t=2, one thread on the driver's core): {hashes:F1}/s.");

        var data = new BenchData { Users = options.Users, Applications = options.Applications };
        var dataPath = Path.Combine(Path.GetTempPath(), "identity-bench-" + Guid.NewGuid().ToString("N")[..8]);
        long identityRss;
        JourneyCommandLog? journeyCommands = null;
        try
        {
            await using var database = options.Database == "postgres" ? await PostgresBenchDatabase.CreateAsync() : (BenchDatabase)new SqliteBenchDatabase(dataPath);
            var configuration = IdentityConfiguration(dataPath, database);
            log.WriteLine($"Seeding {data.Applications:N0} applications and {data.Users:N0} users into {(database is PostgresBenchDatabase pg ? $"PostgreSQL database {pg.DatabaseName}" : dataPath)} ...");
            await data.SeedAsync(serverDll, dataPath, database, configuration, log);
            if (Wants("journey")) journeyCommands = await CountJourneyCommandsAsync(serverDll, configuration, data);

            using var server = await StartIdentityAsync(serverDll, configuration);
            log.WriteLine($"Identity server pid {server.Pid} on {server.BaseUri}");
            await RunIdentityAsync(server, data);
            identityRss = server.HighWaterMarkKb();
            log.WriteLine($"Identity server peak RSS (VmHWM): {identityRss / 1024.0:F0} MB");
        }
        finally
        {
            try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
        }

        long? nodeRss = null;
        if (options.NodeDir is { } nodeDir)
        {
            nodeRss = await RunNodeAsync(Path.GetFullPath(nodeDir), root);
        }

        var report = new BenchReport(DateTimeOffset.UtcNow, Machine(), Settings(), options.Note, hashes, identityRss, nodeRss, options.Connections,
            _results, journeyCommands, new BenchTargets(options, _results).Evaluate(hashes, identityRss));
        Write(report, root);
        return report;
    }

    private string DatabaseName => options.Database == "postgres" ? "PostgreSQL" : "SQLite";

    /// <summary>What our server and its CLI are configured with: Production, the bench's data, the signing algorithm.</summary>
    private Dictionary<string, string> IdentityConfiguration(string dataPath, BenchDatabase database)
    {
        var configuration = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Security__RequireHttps"] = "false",
            ["Security__FailureRateLimit__PermitLimit"] = "0",
            ["DataProtection__AllowUnprotectedKeys"] = "true", // Production refuses an unencrypted key ring otherwise
            ["DataPath"] = dataPath,
            ["Logging__LogLevel__Default"] = "Warning",
            // A fresh database: the first signing key, made by the server's first start, gets this algorithm.
            ["Keys__Algorithm"] = options.IdTokenAlgorithm,
            ["Keys__AccessTokenAlgorithm"] = options.AccessTokenAlgorithm,
        };
        foreach (var (key, value) in database.Environment) configuration[key] = value;
        return configuration;
    }

    private async Task<ServerProcess> StartIdentityAsync(string serverDll, IReadOnlyDictionary<string, string> configuration)
    {
        var baseUri = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        return await ServerProcess.StartAsync("dotnet", [serverDll, "--urls", baseUri.AbsoluteUri.TrimEnd('/')],
            Path.GetDirectoryName(serverDll)!, configuration, baseUri, "oidc/.well-known/openid-configuration", options.ServerCpu);
    }

    // Before the measured server starts, on the same data, in an instance of its own: its command log costs CPU.
    private async Task<JourneyCommandLog?> CountJourneyCommandsAsync(string serverDll, IReadOnlyDictionary<string, string> configuration, BenchData data)
    {
        log.WriteLine("[Identity] database commands of one password journey (a separate instance logging EF Core's commands)");
        try
        {
            using var server = await StartIdentityAsync(serverDll, new Dictionary<string, string>(configuration.Concat(JourneyCommands.Logging)));
            var commands = await JourneyCommands.MeasureAsync(server, data);
            log.WriteLine($"  {commands.Total} commands in {commands.Requests} requests, {commands.TransactionsCommitted} transactions committed through EF Core" +
                (commands.Background.Count > 0 ? $"; {commands.Background.Sum(c => c.Count)} outside any request meanwhile" : ""));
            foreach (var c in commands.Commands) log.WriteLine($"  {c.Count,3} x {c.Request,-20} {c.Command}");
            return commands;
        }
        catch (Exception e) when (e is OperationFailedException or HttpRequestException or OperationCanceledException or JsonException)
        {
            log.WriteLine($"  failed: {e.Message}");
            return null;
        }
    }

    private Loops LoopsFor(ServerProcess server)
    {
        var http = BenchHttp.Create(server.BaseUri, options.MaxInFlight);
        var closed = BenchHttp.Create(server.BaseUri, options.Connections);
        return new(new OpenLoop(http, options.MaxInFlight, Timeout, server.Probe), new ClosedLoop(closed, options.Connections, Timeout, server.Probe), http, closed);
    }

    private async Task RunIdentityAsync(ServerProcess server, BenchData data)
    {
        using var loops = LoopsFor(server);
        var http = loops.Http;
        var provider = Provider.Identity;
        var machines = data.MachineClients.Select(i => (BenchData.ClientId(i), BenchData.Secret(i))).ToList();
        var web = (BenchData.ClientId(1), BenchData.Secret(1));
        await CheckAlgorithmAsync(provider, http, machines[0], null);
        if (Wants("discovery")) await MeasureAsync(provider, Scenarios.DiscoveryAndJwks(provider), loops);
        if (Wants("cc")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentials, provider, machines, null), loops);
        if (Wants("cc1")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentialsOne, provider, [machines[0]], null), loops);
        if (Wants("refresh"))
        {
            // One sign-in, then one authorization per grant in the same browser session (no more password checks).
            var tokens = await LiveRefreshTokensAsync(provider, http, web, BenchData.UserName(0), BenchData.Password, "openid offline_access");
            await MeasureAsync(provider, Scenarios.RefreshGrant(provider, web, tokens), loops);
        }
        if (Wants("introspection"))
        {
            using var prepare = PrepareTimeout();
            var tokens = new List<((string, string), string)>();
            foreach (var client in machines.Take(64))
            {
                var json = await BenchHttp.PostTokenAsync(http, provider.Token, client, [new("grant_type", "client_credentials")], prepare.Token);
                tokens.Add((client, json.Required("access_token")));
            }
            await MeasureAsync(provider, Scenarios.TokenIntrospection(provider, tokens), loops);
        }
        if (Wants("journey")) await MeasureAsync(provider, Scenarios.AuthorizationCodeJourney(provider, data), loops);
        if (Wants("signup")) await MeasureAsync(provider, Scenarios.HostedSignUp(), loops);
    }

    private async Task<long> RunNodeAsync(string nodeDir, string root)
    {
        if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "oidc-provider")))
        {
            throw new FileNotFoundException($"No node_modules/oidc-provider in {nodeDir} (bench/run.sh installs it).");
        }
        File.Copy(Path.Combine(root, "bench", "node-oidc", "server.mjs"), Path.Combine(nodeDir, "server.mjs"), overwrite: true);
        var client = ("bench-node", "bench-node-secret-0123456789abcdef");
        var baseUri = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = baseUri.Port.ToString(CultureInfo.InvariantCulture),
            ["NODE_ENV"] = "production",
            ["CLIENT_ID"] = client.Item1,
            ["CLIENT_SECRET"] = client.Item2,
            ["ID_TOKEN_ALG"] = options.IdTokenAlgorithm,
            ["ACCESS_TOKEN_ALG"] = options.AccessTokenAlgorithm,
        };
        await using var store = options.NodeStore == "postgres" ? await NodeStore.CreateAsync(nodeDir) : null;
        if (store is not null)
        {
            environment["NODE_STORE"] = "postgres";
            foreach (var (key, value) in store.Database.LibpqEnvironment) environment[key] = value;
        }
        using var server = await ServerProcess.StartAsync("node", ["server.mjs"], nodeDir, environment, baseUri, ".well-known/openid-configuration", options.ServerCpu);
        log.WriteLine($"node-oidc-provider pid {server.Pid} on {baseUri} " +
            (store is null ? "(in-memory adapter)" : $"(PostgreSQL adapter, database {store.Database.Name})"));
        using var loops = LoopsFor(server);
        var provider = Provider.NodeOidc;

        await CheckAlgorithmAsync(provider, loops.Http, client, "api");
        if (Wants("discovery")) await MeasureAsync(provider, Scenarios.DiscoveryAndJwks(provider), loops);
        if (Wants("cc") || Wants("cc1")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentialsOne, provider, [client], "api"), loops);
        if (Wants("refresh"))
        {
            var tokens = await LiveRefreshTokensAsync(provider, loops.Http, client, "bench-user", "any", "openid offline_access api");
            await MeasureAsync(provider, Scenarios.RefreshGrant(provider, client, tokens), loops);
        }
        if (store is not null) log.WriteLine($"node-oidc-provider's rows in PostgreSQL: {await store.RowsAsync()}");
        var rss = server.HighWaterMarkKb();
        log.WriteLine($"node-oidc-provider peak RSS (VmHWM): {rss / 1024.0:F0} MB");
        return rss;
    }

    // 256 grants of one user in one browser session; the first ID token shows the signing algorithm too.
    private async Task<List<string>> LiveRefreshTokensAsync(Provider provider, HttpClient http, (string, string) client, string user, string password, string scope)
    {
        using var prepare = PrepareTimeout();
        var browser = new Browser(http);
        var tokens = new List<string>();
        for (var i = 0; i < 256; i++)
        {
            var json = await Scenarios.SignInAndRedeemAsync(browser, http, provider, client, user, password, scope, prepare.Token);
            if (i == 0) ExpectAlgorithm(provider, "ID token", json.Required("id_token"), options.IdTokenAlgorithm);
            tokens.Add(json.Required("refresh_token"));
        }
        return tokens;
    }

    // Like with like: a server that signed with another algorithm than asked would make the comparison meaningless.
    private async Task CheckAlgorithmAsync(Provider provider, HttpClient http, (string, string) client, string? scope)
    {
        using var prepare = PrepareTimeout();
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (scope is not null) form.Add(new("scope", scope));
        var json = await BenchHttp.PostTokenAsync(http, provider.Token, client, form, prepare.Token);
        ExpectAlgorithm(provider, "access token", json.Required("access_token"), options.AccessTokenAlgorithm);
    }

    private static void ExpectAlgorithm(Provider provider, string what, string jwt, string expected)
    {
        var header = jwt.Split('.')[0];
        var padded = header.Replace('-', '+').Replace('_', '/').PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        var alg = JsonDocument.Parse(Convert.FromBase64String(padded)).RootElement.GetProperty("alg").GetString();
        if (alg != expected) throw new InvalidOperationException($"{provider.Name} signed its {what} with {alg}, not {expected}.");
    }

    private bool Wants(string scenario) => options.Scenarios.Contains(scenario);

    // Each scenario's preparation (live grants to refresh, tokens to introspect) gets five minutes of its own.
    private static CancellationTokenSource PrepareTimeout() => new(TimeSpan.FromMinutes(5));

    private async Task MeasureAsync(Provider provider, Scenario scenario, Loops loops)
    {
        log.WriteLine($"[{provider.Name}] {scenario.Name}");
        var steps = new List<StepResult>();
        StepResult? pass = null, half = null, closed = null;
        string? error = null;
        try
        {
            // Prime: the JIT (on one core the tier-1 recompilation of a cold server takes tens of seconds of load to
            // settle), connection pools and caches, at the start rate, before any step counts.
            await loops.Open.RunAsync(scenario.Operation, scenario.StartRate, options.Prime, TimeSpan.FromSeconds(1));
            if (options.Open && options.Mode == "fixed")
            {
                half = await StepAsync(scenario, loops.Open, options.Rate!.Value, steps);
            }
            else if (options.Open)
            {
                (pass, half) = await PeakAsync(scenario, loops.Open, steps);
                if (pass is null) error = $"even {scenario.StartRate}/s broke the threshold";
            }
            if (options.Closed) closed = await ClosedStepAsync(scenario, loops.Closed, steps);
        }
        catch (Exception e) when (e is OperationFailedException or HttpRequestException or OperationCanceledException)
        {
            log.WriteLine($"  failed: {e.Message}");
            error = e.Message;
        }
        _results.Add(new(provider.Name, scenario.Name, scenario.IsTokenScenario, pass, half, closed, steps, error));
    }

    /// <summary>Doubles the rate until a step breaks, bisects twice, then runs at half the highest passing rate.</summary>
    private async Task<(StepResult? Peak, StepResult? Half)> PeakAsync(Scenario scenario, OpenLoop loop, List<StepResult> steps)
    {
        StepResult? pass = null, fail = null;
        for (var rate = scenario.StartRate; rate <= options.MaxRate; rate *= 2)
        {
            var step = await StepAsync(scenario, loop, rate, steps);
            if (Passes(step)) pass = step; else { fail = step; break; }
        }
        // Even the start rate broke it: step down instead, to 1/s at the lowest.
        for (var rate = scenario.StartRate / 2; pass is null && rate >= 1; rate = Math.Floor(rate / 2))
        {
            var step = await StepAsync(scenario, loop, rate, steps);
            if (Passes(step)) pass = step; else fail = step;
        }
        // Bisect (geometrically) between the highest passing and the lowest failing rate, so the peak is known to
        // within 2^(1/4) = 19 % instead of a factor of 2: a ratio target is not missed or met by the step size.
        for (var refinement = 0; refinement < PeakRefinements && pass is not null && fail is not null; refinement++)
        {
            var rate = Math.Round(Math.Sqrt(pass.OfferedRate * fail.OfferedRate));
            if (rate <= pass.OfferedRate || rate >= fail.OfferedRate) break; // 1/s apart: nothing between
            var between = await StepAsync(scenario, loop, rate, steps);
            if (Passes(between)) pass = between; else fail = between;
        }
        var half = pass is null ? null : await StepAsync(scenario, loop, Math.Max(1, Math.Round(pass.OfferedRate / 2)), steps, "half peak");
        return (pass, half);
    }

    private async Task<StepResult> StepAsync(Scenario scenario, OpenLoop loop, double rate, List<StepResult> steps, string label = "step")
    {
        var result = await loop.RunAsync(scenario.Operation, rate, options.Warmup, options.Duration);
        steps.Add(result);
        var verdict = label == "step" ? (Passes(result) ? "ok" : "BREAKS") : "";
        LogStep($"{label,-9} {rate,8:F0}/s", result, verdict);
        // Let the server drain before the next step. An overloaded step leaves it a backlog (up to --max-in-flight
        // requests, and the work of those the driver gave up on), which otherwise counted against the next, lower step.
        await Task.Delay(Passes(result) ? TimeSpan.FromMilliseconds(500) : DrainAfterOverload);
        return result;
    }

    private async Task<StepResult> ClosedStepAsync(Scenario scenario, ClosedLoop loop, List<StepResult> steps)
    {
        var result = await loop.RunAsync(scenario.Operation, options.Warmup, options.Duration);
        steps.Add(result);
        LogStep($"closed {loop.Connections,4} conn", result, "");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return result;
    }

    private void LogStep(string what, StepResult result, string verdict)
    {
        log.WriteLine($"  {what} -> {result.AchievedRate,8:F1}/s  p50 {result.P50Ms,7:F1}  p95 {result.P95Ms,7:F1}  p99 {result.P99Ms,7:F1} ms  " +
            $"errors {result.Failed + result.Dropped}/{result.Scheduled}  cpu {ReportMarkdown.F(result.CpuMsPerOp, "F2")} ms/op  rss {result.PeakRssKb / 1024.0:F0} MB  {verdict}");
        foreach (var (error, count) in result.Errors.OrderByDescending(e => e.Value).Take(3))
        {
            log.WriteLine($"            {count} x {error}");
        }
    }

    private bool Passes(StepResult r) =>
        r.ErrorRate <= options.MaxErrors && r.P99Ms <= options.PeakP99.TotalMilliseconds && r.AchievedRate >= 0.9 * r.OfferedRate;

    private void Write(BenchReport report, string root)
    {
        var markdown = ReportMarkdown.Render(report);
        log.WriteLine();
        log.WriteLine(markdown);
        var folder = options.Results ?? Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(folder);
        var stamp = report.At.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, $"{stamp}.json"), JsonSerializer.Serialize(report, JsonOptions));
        File.WriteAllText(Path.Combine(folder, "last.md"), markdown);
        log.WriteLine($"Wrote {Path.Combine(folder, stamp + ".json")} and {Path.Combine(folder, "last.md")}");
    }

    private string Settings() =>
        $"Settings: {(options.Open ? $"mode {options.Mode}, " : "")}loops: {LoopSettings()}, {options.Prime.TotalSeconds:0.#} s priming per scenario, {options.Warmup.TotalSeconds:0.#} s warm-up + " +
        $"{options.Duration.TotalSeconds:0.#} s per step, peak threshold p99 {options.PeakP99.TotalMilliseconds:0} ms / {options.MaxErrors:P0} errors, " +
        $"signing ID tokens {options.IdTokenAlgorithm}, access tokens {options.AccessTokenAlgorithm} (both servers), database {DatabaseName}{(options.NodeDir is null ? "" : $", node-oidc-provider store {options.NodeStore}")}, " +
        $"{options.Users:N0} users, {options.Applications:N0} applications, server on CPU {options.ServerCpu}, driver on CPU(s) {Pinning.OwnCpus()}, " +
        "failure rate limit off; CPU ms/op is the server process's user + system time (not the database's) per successful operation.";

    private string LoopSettings() => (options.Open, options.Closed) switch
    {
        (true, true) => $"open (arrival rate, latency from the scheduled start) and closed ({options.Connections} keep-alive connections)",
        (true, false) => "open (arrival rate, latency from the scheduled start)",
        _ => $"closed ({options.Connections} keep-alive connections)",
    };

    private static string Machine()
    {
        var model = "unknown CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }
        var cores = 0;
        try
        {
            cores = File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        }
        catch (IOException)
        {
        }
        return $"{(cores > 0 ? cores : Environment.ProcessorCount)} x {model}, .NET {Environment.Version}, transparent huge pages: {TransparentHugePages()}";
    }

    // libsodium maps Argon2id's 19 MiB afresh for every hash; with huge pages "always" the kernel faults it in by 2 MiB
    // instead of 4 KiB (18.4 -> 13.9 ms per hash on this machine), so the hash rates depend on it. The mode in use is [bracketed].
    private static string TransparentHugePages()
    {
        try
        {
            var modes = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
            var start = modes.IndexOf('[');
            var end = modes.IndexOf(']');
            return start >= 0 && end > start ? modes[(start + 1)..end] : "unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>Argon2id verifications per second of the server's own hasher on one thread: the ceiling of password sign-ins per core.</summary>
    private static double MeasureHashRate()
    {
        var hasher = new Argon2idPasswordHasher();
        var user = new UserAccount();
        var hash = hasher.HashPassword(user, BenchData.Password);
        hasher.VerifyHashedPassword(user, hash, BenchData.Password);
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var count = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(1))
            {
                if (hasher.VerifyHashedPassword(user, hash, BenchData.Password) == Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed)
                {
                    throw new InvalidOperationException("The hasher did not verify its own hash.");
                }
                count++;
            }
            best = Math.Max(best, count / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository (Identity.sln not found).");
    }
}
