using System.Globalization;
using System.Text;

namespace Identity.Bench;

/// <summary>
/// One scenario on one server: the open loop's peak and its run at half the peak (null when the open loop did not run
/// or broke at once), the closed loop's step (null when it did not run), and every step in the order they ran.
/// </summary>
public sealed record ScenarioResult(string Provider, string Scenario, bool IsTokenScenario, StepResult? Peak, StepResult? AtHalfPeak,
    StepResult? Closed, IReadOnlyList<StepResult> Steps, string? Error)
{
    /// <summary>The rate of each loop that ran: the open loop's peak, the closed loop's achieved rate.</summary>
    public IEnumerable<(string Loop, StepResult Step)> Rates()
    {
        if (Peak is not null) yield return ("open", Peak);
        if (Closed is not null) yield return ("closed", Closed);
    }
}

public sealed record TargetResult(string Target, string Measured, bool? Pass);

public sealed record BenchReport(DateTimeOffset At, string Machine, string Settings, string? Note, double HashesPerSecond,
    long IdentityPeakRssKb, long? NodePeakRssKb, int Connections, IReadOnlyList<ScenarioResult> Results, JourneyCommandLog? JourneyCommands,
    IReadOnlyList<TargetResult> Targets)
{
    public bool AllTargetsPassed => Targets.All(t => t.Pass == true);
}

/// <summary>The last.md tables: open loop, closed loop, side by side, targets, and the journey's database commands.</summary>
public static class ReportMarkdown
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        Line(md, $"Bench run {report.At:yyyy-MM-dd HH:mm} UTC on {report.Machine}.");
        Line(md, report.Settings);
        if (report.Note is { Length: > 0 }) Line(md, $"**{report.Note}**");
        var open = report.Results.Where(r => r.Steps.Any(s => s.Loop == "open") || (r.Closed is null && r.Error is not null)).ToList();
        if (open.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| open loop: server | scenario | peak (achieved) | at half peak: rate | p50 ms | p95 ms | p99 ms | errors | CPU ms/op | peak RSS MB |");
            md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var r in open)
            {
                var h = r.AtHalfPeak;
                Line(md, $"| {r.Provider} | {r.Scenario} | {(r.Peak is null ? r.Error ?? "-" : $"{r.Peak.AchievedRate:F0}/s")} | " +
                    $"{(h is null ? "-" : $"{h.AchievedRate:F0}/s")} | {F(h?.P50Ms)} | {F(h?.P95Ms)} | {F(h?.P99Ms)} | " +
                    $"{(h is null ? "-" : $"{h.Failed + h.Dropped}/{h.Scheduled}")} | {F(h?.CpuMsPerOp, "F2")} | {PeakRss(r)} |");
            }
        }
        var closed = report.Results.Where(r => r.Closed is not null).ToList();
        if (closed.Count > 0)
        {
            md.AppendLine();
            Line(md, $"| closed loop ({report.Connections} connections): server | scenario | rate | p50 ms | p95 ms | p99 ms | max ms | errors | CPU ms/op | peak RSS MB |");
            md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var r in closed)
            {
                var c = r.Closed!;
                Line(md, $"| {r.Provider} | {r.Scenario} | {c.AchievedRate:F0}/s | {F(c.P50Ms)} | {F(c.P95Ms)} | {F(c.P99Ms)} | {F(c.MaxMs)} | " +
                    $"{c.Failed + c.Dropped}/{c.Scheduled} | {F(c.CpuMsPerOp, "F2")} | {PeakRss(r)} |");
            }
        }
        SideBySide(md, report);
        md.AppendLine();
        md.AppendLine("| target | measured | |");
        md.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            Line(md, $"| {t.Target} | {t.Measured} | {(t.Pass switch { true => "PASS", false => "FAIL", _ => "n/a" })} |");
        }
        if (report.JourneyCommands is { } journey) md.Append(journey.Markdown());
        return md.ToString();
    }

    // CPU per operation from the closed loop (every sample at full load) when it ran, else from the half-peak step.
    private static void SideBySide(StringBuilder md, BenchReport report)
    {
        var node = report.Results.Where(r => r.Provider == Provider.NodeOidc.Name).ToList();
        if (node.Count == 0) return;
        md.AppendLine();
        md.AppendLine("| side by side | open peak: Identity | node | ratio | closed: Identity | node | ratio | CPU ms/op (closed, else half peak): Identity | node |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var n in node)
        {
            var ours = report.Results.FirstOrDefault(r => r.Provider == Provider.Identity.Name && r.Scenario == n.Scenario);
            double? Cpu(ScenarioResult? r) => (r?.Closed ?? r?.AtHalfPeak)?.CpuMsPerOp;
            Line(md, $"| {n.Scenario} | {Rate(ours?.Peak)} | {Rate(n.Peak)} | {F(ours?.Peak?.AchievedRate / n.Peak?.AchievedRate, "F2")}x | " +
                $"{Rate(ours?.Closed)} | {Rate(n.Closed)} | {F(ours?.Closed?.AchievedRate / n.Closed?.AchievedRate, "F2")}x | " +
                $"{F(Cpu(ours), "F2")} | {F(Cpu(n), "F2")} |");
        }
    }

    private static string Rate(StepResult? step) => step is null ? "-" : $"{step.AchievedRate:F0}/s";

    private static string PeakRss(ScenarioResult r) => r.Steps.Count == 0 ? "-" : $"{r.Steps.Max(s => s.PeakRssKb) / 1024.0:F0}";

    public static string F(double? value, string format = "F1") =>
        value is null || double.IsNaN(value.Value) || double.IsInfinity(value.Value) ? "-" : value.Value.ToString(format, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text) => md.AppendLine(text);
}
