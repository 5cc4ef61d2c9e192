namespace Identity.Bench;

/// <summary>
/// Issue 16's targets. A rate target is checked on every loop that ran (the open loop's peak and the closed loop's rate,
/// the latter only with at most --max-errors errors) and passes when each of them meets it; a target whose data this
/// run did not measure (another database, no side-by-side run) says n/a.
/// </summary>
public sealed class BenchTargets(BenchOptions options, IReadOnlyList<ScenarioResult> results)
{
    public const double HalfPeakP99Ms = 25;
    public const long RssKb = 250 * 1024;
    public const double JourneyShareOfHash = 0.75;

    private readonly List<TargetResult> _targets = [];

    public IReadOnlyList<TargetResult> Evaluate(double hashes, long identityRss)
    {
        var sqlite = options.Database == "sqlite";
        var bothOnPostgres = options.Database == "postgres" && options.NodeStore == "postgres";
        Absolute("client-credentials (500 clients, SQLite) >= 2,000/s", Scenarios.ClientCredentials, 2000, sqlite ? null : "this run is on PostgreSQL");
        Ratio("client-credentials (SQLite) >= 2x node-oidc-provider (one client each)", Scenarios.ClientCredentialsOne, 2, sqlite ? null : "this run is on PostgreSQL");
        Absolute("client-credentials on PostgreSQL (500 clients) >= 1,500/s", Scenarios.ClientCredentials, 1500, sqlite ? "run with --database postgres" : null);
        Absolute($"refresh ({Database}) >= 1,000/s", Scenarios.Refresh, 1000, null);
        Ratio("refresh >= 1.5x node-oidc-provider persisting to PostgreSQL (both on PostgreSQL)", Scenarios.Refresh, 1.5,
            bothOnPostgres ? null : "needs --database postgres and node's PostgreSQL store");
        Ratio("discovery+jwks >= 3x node-oidc-provider", Scenarios.Discovery, 3, null);
        Journey(hashes);
        foreach (var r in results.Where(r => r.Provider == Provider.Identity.Name && r.IsTokenScenario))
        {
            var h = r.AtHalfPeak;
            _targets.Add(new($"{r.Scenario}: p99 < {HalfPeakP99Ms:F0} ms at half the peak rate",
                h is null ? "n/a" : $"{h.P99Ms:F1} ms at {h.OfferedRate:F0}/s",
                h is null ? null : h.P99Ms < HalfPeakP99Ms && h.ErrorRate <= options.MaxErrors));
        }
        _targets.Add(new($"Identity peak RSS < {RssKb / 1024} MB", $"{identityRss / 1024.0:F0} MB", identityRss < RssKb));
        return _targets;
    }

    private string Database => options.Database == "postgres" ? "PostgreSQL" : "SQLite";

    private ScenarioResult? Find(string provider, string scenario) =>
        results.FirstOrDefault(r => r.Provider == provider && r.Scenario == scenario);

    private bool Usable(string loop, StepResult step) => loop == "open" || step.ErrorRate <= options.MaxErrors;

    private void Absolute(string name, string scenario, double goal, string? notMeasured)
    {
        var rates = notMeasured is null ? Find(Provider.Identity.Name, scenario)?.Rates().ToList() ?? [] : [];
        if (rates.Count == 0)
        {
            _targets.Add(new(name, notMeasured is null ? "n/a" : $"n/a ({notMeasured})", null));
            return;
        }
        _targets.Add(new(name, string.Join(", ", rates.Select(r => $"{r.Loop} {r.Step.AchievedRate:F0}/s{Errors(r.Loop, r.Step)}")),
            rates.All(r => Usable(r.Loop, r.Step) && r.Step.AchievedRate >= goal)));
    }

    private void Ratio(string name, string scenario, double goal, string? notMeasured)
    {
        var ours = Find(Provider.Identity.Name, scenario)?.Rates().ToDictionary(r => r.Loop, r => r.Step) ?? [];
        var pairs = notMeasured is not null ? [] : (Find(Provider.NodeOidc.Name, scenario)?.Rates() ?? [])
            .Where(theirs => ours.ContainsKey(theirs.Loop))
            .Select(theirs => (theirs.Loop, Ours: ours[theirs.Loop], Theirs: theirs.Step)).ToList();
        if (pairs.Count == 0)
        {
            _targets.Add(new(name, $"n/a ({notMeasured ?? "no side-by-side run"})", null));
            return;
        }
        _targets.Add(new(name,
            string.Join(", ", pairs.Select(p => $"{p.Loop} {p.Ours.AchievedRate / p.Theirs.AchievedRate:F2}x ({p.Ours.AchievedRate:F0}/s vs {p.Theirs.AchievedRate:F0}/s)")),
            pairs.All(p => Usable(p.Loop, p.Ours) && Usable(p.Loop, p.Theirs) && p.Ours.AchievedRate >= goal * p.Theirs.AchievedRate)));
    }

    private void Journey(double hashes)
    {
        var name = $"auth-code journey >= {JourneyShareOfHash:P0} of the hash-alone rate ({hashes:F1}/s)";
        var rates = Find(Provider.Identity.Name, Scenarios.Journey)?.Rates().ToList() ?? [];
        _targets.Add(rates.Count == 0 ? new(name, "n/a", null) : new(name,
            string.Join(", ", rates.Select(r => $"{r.Loop} {r.Step.AchievedRate / hashes:P0} ({r.Step.AchievedRate:F1}/s){Errors(r.Loop, r.Step)}")),
            rates.All(r => Usable(r.Loop, r.Step) && r.Step.AchievedRate >= JourneyShareOfHash * hashes)));
    }

    private string Errors(string loop, StepResult step) => Usable(loop, step) ? "" : $" with {step.ErrorRate:P1} errors";
}
