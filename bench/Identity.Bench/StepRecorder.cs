using System.Collections.Concurrent;
using System.Diagnostics;

namespace Identity.Bench;

/// <summary>What the loops read of the server under load: its resident set (KiB) and its CPU time so far (ms).</summary>
public sealed record ServerProbe(Func<long> RssKb, Func<double> CpuMs);

/// <summary>
/// One step's outcomes, for both loops: the latencies of the successful operations, the errors by message, the server's
/// peak RSS (sampled every 100 ms for the whole step) and its CPU time over the measured window (from the first measured
/// operation to the last one's end).
/// </summary>
internal sealed class StepRecorder : IAsyncDisposable
{
    private readonly ServerProbe? _probe;
    private readonly ConcurrentQueue<long> _latencies = new();
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private long _succeeded, _failed, _dropped, _lastEnd, _peakRss;
    private double _cpuAtStart = double.NaN;
    private int _windowOpen;

    public StepRecorder(ServerProbe? probe)
    {
        _probe = probe;
        _sampler = probe is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!_sampling.IsCancellationRequested)
            {
                var rss = probe.RssKb();
                if (rss > Interlocked.Read(ref _peakRss)) Interlocked.Exchange(ref _peakRss, rss);
                try { await Task.Delay(100, _sampling.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    /// <summary>Runs one operation with its timeout: null when it succeeded, else what went wrong.</summary>
    public static async Task<string?> InvokeAsync(Operation operation, HttpClient http, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await operation(http, cts.Token) ? null : "failed";
        }
        catch (Exception e)
        {
            if (cts.IsCancellationRequested) return "timeout";
            var message = e is OperationFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return message.Length > 160 ? message[..160] : message;
        }
    }

    /// <summary>The first measured operation starts: the server's CPU time is read once, here.</summary>
    public void OpenWindow()
    {
        if (Interlocked.Exchange(ref _windowOpen, 1) == 0) _cpuAtStart = _probe?.CpuMs() ?? double.NaN;
    }

    public void Record(string? error, long latencyTicks, long end)
    {
        InterlockedMax(ref _lastEnd, end);
        if (error is null)
        {
            Interlocked.Increment(ref _succeeded);
            _latencies.Enqueue(latencyTicks);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }

    public void Dropped()
    {
        Interlocked.Increment(ref _dropped);
        _errors.AddOrUpdate("dropped (too many in flight)", 1, (_, n) => n + 1);
    }

    /// <summary>Call when every measured operation has ended.</summary>
    public async Task<StepResult> FinishAsync(string loop, double offeredRate, int connections, long scheduled, long measureStart, TimeSpan duration)
    {
        var cpu = (_probe?.CpuMs() ?? double.NaN) - _cpuAtStart;
        await _sampling.CancelAsync();
        await _sampler;
        var measuredTicks = Math.Max(duration.TotalSeconds * Stopwatch.Frequency, Interlocked.Read(ref _lastEnd) - measureStart);
        var sorted = _latencies.ToArray();
        Array.Sort(sorted);
        return new StepResult(loop, offeredRate, connections, _succeeded / (measuredTicks / Stopwatch.Frequency), scheduled,
            _succeeded, _failed, _dropped, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99),
            Percentile(sorted, 1.0), Interlocked.Read(ref _peakRss), cpu, _errors.ToDictionary(e => e.Key, e => e.Value));
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        _sampling.Dispose();
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
