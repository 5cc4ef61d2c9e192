using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Identity.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

try
{
    // A missed target is a finding, not a failure of the tool: the table says PASS/FAIL; the exit code stays 0.
    await new BenchRun(options, Console.Out).RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

namespace Identity.Bench
{
    public sealed record BenchOptions
    {
        public const string Usage = """
            Identity.Bench: open- and closed-loop load against a real Identity server (and optionally node-oidc-provider), 127.0.0.1 only.

              --mode peak|fixed     peak: step the rate up (x2, then bisected twice: within 19 %) until p99 or errors break the
                                    threshold, then run at half the peak; fixed: run each scenario at --rate (default peak)
              --rate N              arrivals per second for --mode fixed
              --duration 10s        measured time per step          --warmup 2s   unmeasured time before each step
              --prime 30s           unmeasured load at the scenario's start rate before its first step (JIT tiering)
              --scenarios a,b       discovery,cc,cc1,refresh,journey,signup,introspection (default: all)
              --loop both           open: the paced steps above; closed: --connections workers back-to-back for one step
                                    (warm-up + duration) after the open steps; both (default)
              --connections 32      the closed loop's workers, on a client with as many keep-alive connections
              --id-token-alg RS256  or ES256: both servers sign ID tokens with it (ours: Keys__Algorithm)
              --access-token-alg ES256  or RS256: both servers sign access tokens with it (ours: Keys__AccessTokenAlgorithm)
              --algorithm X         both of the above
              --database sqlite     or postgres: a fresh database on the server IDENTITY_TEST_POSTGRES names
              --node-store memory   or postgres (the default with --database postgres): node-oidc-provider's adapter
                                    keeps its models in one PostgreSQL table as Logto's does
              --peak-p99 100ms      a step fails past this p99 ...  --max-errors 0.01  ... or this error ratio
              --max-rate 20000      stop the peak search here       --max-in-flight 1000  bound on outstanding requests
              --users 20000 --applications 1000                     the seeded data set
              --server-dll PATH     Identity.Server.dll (default: src/Identity.Server/bin/Release/net10.0)
              --node-dir DIR        a folder with node_modules/oidc-provider: also run the side-by-side scenarios
              --server-cpu 0        the core the servers are pinned to (taskset); the driver should run on another one
              --results DIR         where to write <time>.json and last.md (default bench/results)
              --note TEXT           a line for the report (e.g. "busy machine: smoke numbers")
            """;

        public bool Help { get; init; }
        public string Mode { get; init; } = "peak";
        public double? Rate { get; init; }
        public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
        public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
        public TimeSpan Prime { get; init; } = TimeSpan.FromSeconds(30);
        public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string> { "discovery", "cc", "cc1", "refresh", "journey", "signup", "introspection" };
        public TimeSpan PeakP99 { get; init; } = TimeSpan.FromMilliseconds(100);
        public double MaxErrors { get; init; } = 0.01;
        public double MaxRate { get; init; } = 20_000;
        public int MaxInFlight { get; init; } = 1000;
        public int Users { get; init; } = 20_000;
        public int Applications { get; init; } = 1000;
        public string? ServerDll { get; init; }
        public string? NodeDir { get; init; }
        public int ServerCpu { get; init; }
        public string? Results { get; init; }
        public string? Note { get; init; }
        public string Loop { get; init; } = "both";
        public int Connections { get; init; } = 32;
        public string IdTokenAlgorithm { get; init; } = "RS256";
        public string AccessTokenAlgorithm { get; init; } = "ES256";
        public string Database { get; init; } = "sqlite";
        public string? NodeStoreOption { get; init; }

        /// <summary>Where node-oidc-provider keeps its models: as asked, else where our server keeps its data.</summary>
        public string NodeStore => NodeStoreOption ?? (Database == "postgres" ? "postgres" : "memory");

        public bool Open => Loop is "open" or "both";

        public bool Closed => Loop is "closed" or "both";

        public static BenchOptions Parse(string[] args)
        {
            var o = new BenchOptions();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--help" or "-h" => o with { Help = true },
                    "--mode" => o with { Mode = Next() is "peak" or "fixed" ? args[i] : throw new ArgumentException("--mode is peak or fixed") },
                    "--rate" => o with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--duration" => o with { Duration = Time(Next()) },
                    "--warmup" => o with { Warmup = Time(Next()) },
                    "--prime" => o with { Prime = Time(Next()) },
                    "--scenarios" => o with { Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                    "--peak-p99" => o with { PeakP99 = Time(Next()) },
                    "--max-errors" => o with { MaxErrors = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--max-rate" => o with { MaxRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--max-in-flight" => o with { MaxInFlight = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--users" => o with { Users = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--applications" => o with { Applications = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--server-dll" => o with { ServerDll = Next() },
                    "--node-dir" => o with { NodeDir = Next() },
                    "--server-cpu" => o with { ServerCpu = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--results" => o with { Results = Next() },
                    "--note" => o with { Note = Next() },
                    "--loop" => o with { Loop = OneOf(args[i], Next(), "open", "closed", "both") },
                    "--connections" => o with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--id-token-alg" => o with { IdTokenAlgorithm = OneOf(args[i], Next().ToUpperInvariant(), "RS256", "ES256") },
                    "--access-token-alg" => o with { AccessTokenAlgorithm = OneOf(args[i], Next().ToUpperInvariant(), "RS256", "ES256") },
                    "--algorithm" => OneOf(args[i], Next().ToUpperInvariant(), "RS256", "ES256") is var both
                        ? o with { IdTokenAlgorithm = both, AccessTokenAlgorithm = both } : o,
                    "--database" => o with { Database = OneOf(args[i], Next().ToLowerInvariant(), "sqlite", "postgres") },
                    "--node-store" => o with { NodeStoreOption = OneOf(args[i], Next().ToLowerInvariant(), "memory", "postgres") },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            if (o.Mode == "fixed" && o.Rate is null) throw new ArgumentException("--mode fixed needs --rate");
            if (o.Applications < 4 || o.Users < 1) throw new ArgumentException("at least 4 applications and 1 user");
            if (o.Connections < 1) throw new ArgumentException("--connections is at least 1");
            return o;
        }

        private static string OneOf(string option, string value, params string[] allowed) =>
            allowed.Contains(value) ? value : throw new ArgumentException($"{option} is {string.Join(", ", allowed)}");

        private static TimeSpan Time(string text) =>
            text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
            : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
    }
}
