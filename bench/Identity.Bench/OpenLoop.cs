using System.Diagnostics;
using System.Net;

namespace Identity.Bench;

/// <summary>One operation of a scenario, on the loop's client: true when it succeeded; an exception or false counts as an error.</summary>
public delegate Task<bool> Operation(HttpClient http, CancellationToken cancellationToken);

/// <summary>What one step measured (an open step at a fixed rate, or a closed step of N connections).</summary>
public sealed record StepResult(
    string Loop, double OfferedRate, int Connections, double AchievedRate, long Scheduled, long Succeeded, long Failed, long Dropped,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, long PeakRssKb, double ServerCpuMs, IReadOnlyDictionary<string, long> Errors)
{
    public double ErrorRate => Scheduled == 0 ? 0 : (double)(Failed + Dropped) / Scheduled;

    /// <summary>The server's CPU time (user + system) in the measured window per successful operation; NaN when unknown.</summary>
    public double CpuMsPerOp => Succeeded == 0 ? double.NaN : ServerCpuMs / Succeeded;
}

/// <summary>
/// An open arrival-rate load generator: operation i is due at start + i / rate whatever the earlier ones are doing, and
/// its latency is measured from that due time (not from when it was sent), so a slow server cannot slow the offered
/// load down and hide its own queueing (no coordinated omission). Operations due during the warm-up run but are not
/// recorded. Load stays bounded: past <see cref="MaxInFlight"/> outstanding operations, new ones are dropped and
/// counted as errors; every operation has a timeout.
/// </summary>
public sealed class OpenLoop(HttpClient http, int maxInFlight, TimeSpan timeout, ServerProbe? probe)
{
    public int MaxInFlight { get; } = maxInFlight;

    public async Task<StepResult> RunAsync(Operation operation, double rate, TimeSpan warmup, TimeSpan duration)
    {
        var warmupCount = (long)Math.Round(warmup.TotalSeconds * rate);
        var total = warmupCount + Math.Max(1, (long)Math.Round(duration.TotalSeconds * rate));
        var ticksPerOp = Stopwatch.Frequency / rate;
        long inFlight = 0;
        var running = new List<Task>((int)Math.Min(total, 1_000_000));
        await using var recorder = new StepRecorder(probe);

        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var measureStart = start + (long)(warmupCount * ticksPerOp);
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * ticksPerOp);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 500)
            {
                await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
            var measured = i >= warmupCount;
            if (measured) recorder.OpenWindow();
            if (Interlocked.Read(ref inFlight) >= MaxInFlight)
            {
                if (measured) recorder.Dropped();
                continue;
            }
            Interlocked.Increment(ref inFlight);
            running.Add(Task.Run(async () =>
            {
                var error = await StepRecorder.InvokeAsync(operation, http, timeout);
                var end = Stopwatch.GetTimestamp();
                Interlocked.Decrement(ref inFlight);
                if (measured) recorder.Record(error, end - due, end);
            }));
        }
        await Task.WhenAll(running);
        return await recorder.FinishAsync("open", rate, 0, total - warmupCount, measureStart, duration);
    }
}

/// <summary>An operation's answer was wrong; the message (status and a bit of the body) is what the report counts.</summary>
public sealed class OperationFailedException(string message, HttpStatusCode? status = null) : Exception(message)
{
    /// <summary>The server's answer, when it answered.</summary>
    public HttpStatusCode? Status { get; } = status;
}
