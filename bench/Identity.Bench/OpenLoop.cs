using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Identity.Bench;

/// <summary>One operation of a scenario: true when it succeeded; an exception or false counts as an error.</summary>
public delegate Task<bool> Operation(CancellationToken cancellationToken);

/// <summary>What one fixed-rate step measured.</summary>
public sealed record StepResult(
    double OfferedRate, double AchievedRate, long Scheduled, long Succeeded, long Failed, long Dropped,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, long PeakRssKb, IReadOnlyDictionary<string, long> Errors)
{
    public double ErrorRate => Scheduled == 0 ? 0 : (double)(Failed + Dropped) / Scheduled;
}

/// <summary>
/// An open arrival-rate load generator: operation i is due at start + i / rate whatever the earlier ones are doing, and
/// its latency is measured from that due time (not from when it was sent), so a slow server cannot slow the offered
/// load down and hide its own queueing (no coordinated omission). Operations due during the warm-up run but are not
/// recorded. Load stays bounded: past <see cref="MaxInFlight"/> outstanding operations, new ones are dropped and
/// counted as errors; every operation has a timeout.
/// </summary>
public sealed class OpenLoop(int maxInFlight, TimeSpan timeout, Func<long>? readRssKb)
{
    public int MaxInFlight { get; } = maxInFlight;

    public async Task<StepResult> RunAsync(Operation operation, double rate, TimeSpan warmup, TimeSpan duration)
    {
        var warmupCount = (long)Math.Round(warmup.TotalSeconds * rate);
        var total = warmupCount + Math.Max(1, (long)Math.Round(duration.TotalSeconds * rate));
        var ticksPerOp = Stopwatch.Frequency / rate;
        var latencies = new ConcurrentQueue<long>();
        var errors = new ConcurrentDictionary<string, long>();
        long succeeded = 0, failed = 0, dropped = 0, inFlight = 0, lastEnd = 0;
        var running = new List<Task>((int)Math.Min(total, 1_000_000));

        using var sampling = new CancellationTokenSource();
        long peakRss = 0;
        var sampler = readRssKb is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var rss = readRssKb();
                if (rss > Interlocked.Read(ref peakRss)) Interlocked.Exchange(ref peakRss, rss);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

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
            if (Interlocked.Read(ref inFlight) >= MaxInFlight)
            {
                if (measured)
                {
                    Interlocked.Increment(ref dropped);
                    errors.AddOrUpdate("dropped (too many in flight)", 1, (_, n) => n + 1);
                }
                continue;
            }
            Interlocked.Increment(ref inFlight);
            running.Add(Task.Run(async () =>
            {
                bool ok;
                string? error = null;
                using var cts = new CancellationTokenSource(timeout);
                try
                {
                    ok = await operation(cts.Token);
                    if (!ok) error = "failed";
                }
                catch (Exception e)
                {
                    ok = false;
                    error = cts.IsCancellationRequested ? "timeout" : Describe(e);
                }
                var end = Stopwatch.GetTimestamp();
                Interlocked.Decrement(ref inFlight);
                if (!measured) return;
                InterlockedMax(ref lastEnd, end);
                if (ok)
                {
                    Interlocked.Increment(ref succeeded);
                    latencies.Enqueue(end - due);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    errors.AddOrUpdate(error!, 1, (_, n) => n + 1);
                }
            }));
        }
        await Task.WhenAll(running);
        await sampling.CancelAsync();
        await sampler;

        var measuredTicks = Math.Max(duration.TotalSeconds * Stopwatch.Frequency, lastEnd - measureStart);
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new StepResult(rate, succeeded / (measuredTicks / Stopwatch.Frequency), total - warmupCount, succeeded, failed, dropped,
            Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), Percentile(sorted, 1.0),
            Interlocked.Read(ref peakRss), errors.ToDictionary(e => e.Key, e => e.Value));
    }

    private static string Describe(Exception e)
    {
        var message = e is OperationFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return message.Length > 160 ? message[..160] : message;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static double Percentile(long[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>An operation's answer was wrong; the message (status and a bit of the body) is what the report counts.</summary>
public sealed class OperationFailedException(string message, HttpStatusCode? status = null) : Exception(message)
{
    /// <summary>The server's answer, when it answered.</summary>
    public HttpStatusCode? Status { get; } = status;
}
