using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Identity.Core.Accounts;

namespace Identity.Bench;

public sealed record ScenarioResult(string Provider, string Scenario, bool IsTokenScenario, StepResult? Peak, StepResult? AtHalfPeak,
    IReadOnlyList<StepResult> Steps, string? Error);

public sealed record TargetResult(string Target, string Measured, bool? Pass);

public sealed record BenchReport(DateTimeOffset At, string Machine, string Settings, string? Note, double HashesPerSecond,
    long IdentityPeakRssKb, long? NodePeakRssKb, IReadOnlyList<ScenarioResult> Results, IReadOnlyList<TargetResult> Targets)
{
    public bool AllTargetsPassed => Targets.All(t => t.Pass == true);
}

/// <summary>Seeds and starts the servers, runs the scenarios, checks the targets, writes the report.</summary>
public sealed class BenchRun(BenchOptions options, TextWriter log)
{
    private const double HalfPeakP99TargetMs = 50;
    private const long RssTargetKb = 300 * 1024;
    private const int PeakRefinements = 2;
    private static readonly TimeSpan DrainAfterOverload = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly List<ScenarioResult> _results = [];

    public async Task<BenchReport> RunAsync()
    {
        var root = RepositoryRoot();
        var serverDll = Path.GetFullPath(options.ServerDll ?? Path.Combine(root, "src", "Identity.Server", "bin", "Release", "net10.0", "Identity.Server.dll"));
        if (!File.Exists(serverDll)) throw new FileNotFoundException($"Build the server first (dotnet build -c Release): {serverDll}");

        log.WriteLine($"Identity.Bench on {Machine()}; driver on CPU(s) {Pinning.OwnCpus()}, " +
            $"servers on CPU {options.ServerCpu}{(Pinning.TasksetAvailable ? "" : " (taskset missing: NOT pinned)")}.");
        log.WriteLine($"Open model: {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per step; " +
            $"a peak step fails past p99 {options.PeakP99.TotalMilliseconds:0} ms, {options.MaxErrors:P0} errors or < 90 % of the offered rate achieved.");
        log.WriteLine("The server's per-address failure limit is OFF for the bench (Security__FailureRateLimit__PermitLimit=0): every request comes from 127.0.0.1.");

        var hashes = MeasureHashRate();
        log.WriteLine($"Argon2id verification alone (Identity.Core's hasher, 19 MiB, t=2, one thread on the driver's core): {hashes:F1}/s.");

        var data = new BenchData { Users = options.Users, Applications = options.Applications };
        var dataPath = Path.Combine(Path.GetTempPath(), "identity-bench-" + Guid.NewGuid().ToString("N")[..8]);
        long identityRss;
        try
        {
            log.WriteLine($"Seeding {data.Applications:N0} applications and {data.Users:N0} users into {dataPath} ...");
            await data.SeedAsync(serverDll, dataPath, log);
            var baseUri = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
            using var server = await ServerProcess.StartAsync("dotnet", [serverDll, "--urls", baseUri.AbsoluteUri.TrimEnd('/')],
                Path.GetDirectoryName(serverDll)!, new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["Security__RequireHttps"] = "false",
                    ["Security__FailureRateLimit__PermitLimit"] = "0",
                    ["DataProtection__AllowUnprotectedKeys"] = "true", // Production refuses an unencrypted key ring otherwise
                    ["DataPath"] = dataPath,
                    ["Logging__LogLevel__Default"] = "Warning",
                }, baseUri, "oidc/.well-known/openid-configuration", options.ServerCpu);
            log.WriteLine($"Identity server pid {server.Pid} on {baseUri}");
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

        var report = new BenchReport(DateTimeOffset.UtcNow, Machine(), Settings(), options.Note, hashes, identityRss, nodeRss, _results,
            Targets(hashes, identityRss));
        Write(report, root);
        return report;
    }

    private async Task RunIdentityAsync(ServerProcess server, BenchData data)
    {
        using var http = BenchHttp.Create(server.BaseUri, options.MaxInFlight);
        var provider = Provider.Identity;
        var loop = new OpenLoop(options.MaxInFlight, TimeSpan.FromSeconds(10), server.RssKb);
        var machines = data.MachineClients.Select(i => (BenchData.ClientId(i), BenchData.Secret(i))).ToList();
        var web = (BenchData.ClientId(1), BenchData.Secret(1));
        if (Wants("discovery")) await MeasureAsync(provider, Scenarios.DiscoveryAndJwks(http, provider), loop);
        if (Wants("cc")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentials, http, provider, machines, null), loop);
        if (Wants("cc1")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentialsOne, http, provider, [machines[0]], null), loop);
        if (Wants("refresh"))
        {
            // One sign-in, then one authorization per grant in the same browser session (no more password checks).
            using var prepare = PrepareTimeout();
            var browser = new Browser(http);
            var tokens = new List<string>();
            for (var i = 0; i < 256; i++)
            {
                var json = await Scenarios.SignInAndRedeemAsync(browser, http, provider, web, BenchData.UserName(0), BenchData.Password, "openid offline_access", prepare.Token);
                tokens.Add(json.Required("refresh_token"));
            }
            await MeasureAsync(provider, Scenarios.RefreshGrant(http, provider, web, tokens), loop);
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
            await MeasureAsync(provider, Scenarios.TokenIntrospection(http, provider, tokens), loop);
        }
        if (Wants("journey")) await MeasureAsync(provider, Scenarios.AuthorizationCodeJourney(http, provider, data), loop);
        if (Wants("signup")) await MeasureAsync(provider, Scenarios.HostedSignUp(http), loop);
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
        using var server = await ServerProcess.StartAsync("node", ["server.mjs"], nodeDir, new Dictionary<string, string>
        {
            ["PORT"] = baseUri.Port.ToString(CultureInfo.InvariantCulture),
            ["NODE_ENV"] = "production",
            ["CLIENT_ID"] = client.Item1,
            ["CLIENT_SECRET"] = client.Item2,
        }, baseUri, ".well-known/openid-configuration", options.ServerCpu);
        log.WriteLine($"node-oidc-provider pid {server.Pid} on {baseUri} (in-memory adapter)");
        using var http = BenchHttp.Create(server.BaseUri, options.MaxInFlight);
        var provider = Provider.NodeOidc;
        var loop = new OpenLoop(options.MaxInFlight, TimeSpan.FromSeconds(10), server.RssKb);

        if (Wants("discovery")) await MeasureAsync(provider, Scenarios.DiscoveryAndJwks(http, provider), loop);
        if (Wants("cc") || Wants("cc1")) await MeasureAsync(provider, Scenarios.ClientCredentialsGrant(Scenarios.ClientCredentialsOne, http, provider, [client], "api"), loop);
        if (Wants("refresh"))
        {
            using var prepare = PrepareTimeout();
            var browser = new Browser(http);
            var tokens = new List<string>();
            for (var i = 0; i < 256; i++)
            {
                var json = await Scenarios.SignInAndRedeemAsync(browser, http, provider, client, "bench-user", "any", "openid offline_access api", prepare.Token);
                tokens.Add(json.Required("refresh_token"));
            }
            await MeasureAsync(provider, Scenarios.RefreshGrant(http, provider, client, tokens), loop);
        }
        var rss = server.HighWaterMarkKb();
        log.WriteLine($"node-oidc-provider peak RSS (VmHWM): {rss / 1024.0:F0} MB");
        return rss;
    }

    private bool Wants(string scenario) => options.Scenarios.Contains(scenario);

    // Each scenario's preparation (live grants to refresh, tokens to introspect) gets five minutes of its own.
    private static CancellationTokenSource PrepareTimeout() => new(TimeSpan.FromMinutes(5));

    private async Task MeasureAsync(Provider provider, Scenario scenario, OpenLoop loop)
    {
        log.WriteLine($"[{provider.Name}] {scenario.Name}");
        var steps = new List<StepResult>();
        try
        {
            // Prime: the JIT (on one core the tier-1 recompilation of a cold server takes tens of seconds of load to
            // settle), connection pools and caches, at the start rate, before any step counts.
            await loop.RunAsync(scenario.Operation, scenario.StartRate, options.Prime, TimeSpan.FromSeconds(1));
            if (options.Mode == "fixed")
            {
                var result = await StepAsync(scenario, loop, options.Rate!.Value, steps);
                _results.Add(new(provider.Name, scenario.Name, scenario.IsTokenScenario, null, result, steps, null));
                return;
            }

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
            _results.Add(new(provider.Name, scenario.Name, scenario.IsTokenScenario, pass, half, steps,
                pass is null ? $"even {scenario.StartRate}/s broke the threshold" : null));
        }
        catch (Exception e) when (e is OperationFailedException or HttpRequestException or OperationCanceledException)
        {
            log.WriteLine($"  failed: {e.Message}");
            _results.Add(new(provider.Name, scenario.Name, scenario.IsTokenScenario, null, null, steps, e.Message));
        }
    }

    private async Task<StepResult> StepAsync(Scenario scenario, OpenLoop loop, double rate, List<StepResult> steps, string label = "step")
    {
        var result = await loop.RunAsync(scenario.Operation, rate, options.Warmup, options.Duration);
        steps.Add(result);
        var verdict = label == "step" ? (Passes(result) ? "ok" : "BREAKS") : "";
        log.WriteLine($"  {label,-9} {rate,8:F0}/s -> {result.AchievedRate,8:F1}/s  p50 {result.P50Ms,7:F1}  p95 {result.P95Ms,7:F1}  p99 {result.P99Ms,7:F1} ms  " +
            $"errors {result.Failed + result.Dropped}/{result.Scheduled}  rss {result.PeakRssKb / 1024.0:F0} MB  {verdict}");
        foreach (var (error, count) in result.Errors.OrderByDescending(e => e.Value).Take(3))
        {
            log.WriteLine($"            {count} x {error}");
        }
        // Let the server drain before the next step. An overloaded step leaves it a backlog (up to --max-in-flight
        // requests, and the work of those the driver gave up on), which otherwise counted against the next, lower step.
        await Task.Delay(Passes(result) ? TimeSpan.FromMilliseconds(500) : DrainAfterOverload);
        return result;
    }

    private bool Passes(StepResult r) =>
        r.ErrorRate <= options.MaxErrors && r.P99Ms <= options.PeakP99.TotalMilliseconds && r.AchievedRate >= 0.9 * r.OfferedRate;

    private ScenarioResult? Find(string provider, string scenario) =>
        _results.FirstOrDefault(r => r.Provider == provider && r.Scenario == scenario);

    private static double? PeakRate(ScenarioResult? r) => r?.Peak?.AchievedRate;

    private List<TargetResult> Targets(double hashes, long identityRss)
    {
        var targets = new List<TargetResult>();
        string Rate(double? rate) => rate is null ? "n/a" : $"{rate:F0}/s";
        void Ratio(string name, string scenario, string nodeScenario, double goal)
        {
            var ours = PeakRate(Find("Identity", scenario));
            var theirs = PeakRate(Find("node-oidc-provider", nodeScenario));
            var ratio = ours / theirs;
            targets.Add(new(name, ratio is null ? "n/a (no side-by-side run)" : $"{ratio:F2}x ({Rate(ours)} vs {Rate(theirs)})", ratio is null ? null : ratio >= goal));
        }
        void Absolute(string name, string scenario, double goal)
        {
            var ours = PeakRate(Find("Identity", scenario));
            targets.Add(new(name, Rate(ours), ours is null ? null : ours >= goal));
        }

        Ratio("client-credentials >= 2x node-oidc-provider (one client each)", Scenarios.ClientCredentialsOne, Scenarios.ClientCredentialsOne, 2);
        Absolute("client-credentials >= 2,000/s (500 clients)", Scenarios.ClientCredentials, 2000);
        Absolute("refresh >= 1,000/s", Scenarios.Refresh, 1000);
        Ratio("discovery+jwks >= 3x node-oidc-provider", Scenarios.Discovery, Scenarios.Discovery, 3);
        var journey = PeakRate(Find("Identity", Scenarios.Journey));
        targets.Add(new($"auth-code journey >= 90% of the hash-alone rate ({hashes:F1}/s)",
            journey is null ? "n/a" : $"{journey / hashes:P0} ({journey:F1}/s)", journey is null ? null : journey >= 0.9 * hashes));
        foreach (var r in _results.Where(r => r.Provider == "Identity" && r.IsTokenScenario))
        {
            targets.Add(new($"{r.Scenario}: p99 < 50 ms at half the peak rate",
                r.AtHalfPeak is null ? "n/a" : $"{r.AtHalfPeak.P99Ms:F1} ms at {r.AtHalfPeak.OfferedRate:F0}/s",
                r.AtHalfPeak is null ? null : r.AtHalfPeak.P99Ms < HalfPeakP99TargetMs && r.AtHalfPeak.ErrorRate <= options.MaxErrors));
        }
        targets.Add(new("Identity peak RSS < 300 MB", $"{identityRss / 1024.0:F0} MB", identityRss < RssTargetKb));
        return targets;
    }

    private void Write(BenchReport report, string root)
    {
        var markdown = Markdown(report);
        log.WriteLine();
        log.WriteLine(markdown);
        var folder = options.Results ?? Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(folder);
        var stamp = report.At.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, $"{stamp}.json"), JsonSerializer.Serialize(report, JsonOptions));
        File.WriteAllText(Path.Combine(folder, "last.md"), markdown);
        log.WriteLine($"Wrote {Path.Combine(folder, stamp + ".json")} and {Path.Combine(folder, "last.md")}");
    }

    private static string Markdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Bench run {report.At:yyyy-MM-dd HH:mm} UTC on {report.Machine}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"{report.Settings}");
        if (report.Note is { Length: > 0 }) md.AppendLine(CultureInfo.InvariantCulture, $"**{report.Note}**");
        md.AppendLine();
        md.AppendLine("| server | scenario | peak (achieved) | at half peak: rate | p50 ms | p95 ms | p99 ms | errors | peak RSS MB |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in report.Results)
        {
            var h = r.AtHalfPeak;
            var rss = r.Steps.Count == 0 ? 0 : r.Steps.Max(s => s.PeakRssKb);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Provider} | {r.Scenario} | {(r.Peak is null ? r.Error ?? "-" : $"{r.Peak.AchievedRate:F0}/s")} | " +
                $"{(h is null ? "-" : $"{h.AchievedRate:F0}/s")} | {F(h?.P50Ms)} | {F(h?.P95Ms)} | {F(h?.P99Ms)} | " +
                $"{(h is null ? "-" : $"{h.Failed + h.Dropped}/{h.Scheduled}")} | {rss / 1024.0:F0} |");
        }
        var node = report.Results.Where(r => r.Provider == "node-oidc-provider").ToList();
        if (node.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| side by side (peak) | Identity | node-oidc-provider | ratio |");
            md.AppendLine("|---|--:|--:|--:|");
            foreach (var n in node)
            {
                var ours = report.Results.FirstOrDefault(r => r.Provider == "Identity" && r.Scenario == n.Scenario);
                var ratio = ours?.Peak?.AchievedRate / n.Peak?.AchievedRate;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {n.Scenario} | {F(ours?.Peak?.AchievedRate, "F0")}/s | {F(n.Peak?.AchievedRate, "F0")}/s | {F(ratio, "F2")}x |");
            }
        }
        md.AppendLine();
        md.AppendLine("| target | measured | |");
        md.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Pass switch { true => "PASS", false => "FAIL", _ => "n/a" })} |");
        }
        return md.ToString();
    }

    private static string F(double? value, string format = "F1") => value is null || double.IsNaN(value.Value) ? "-" : value.Value.ToString(format, CultureInfo.InvariantCulture);

    private string Settings() =>
        $"Settings: mode {options.Mode}, {options.Prime.TotalSeconds:0.#} s priming per scenario, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per step, peak threshold p99 {options.PeakP99.TotalMilliseconds:0} ms / " +
        $"{options.MaxErrors:P0} errors, {options.Users:N0} users, {options.Applications:N0} applications, server on CPU {options.ServerCpu}, driver on CPU(s) {Pinning.OwnCpus()}, " +
        "open arrival-rate model (latency from the scheduled start), failure rate limit off.";

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
