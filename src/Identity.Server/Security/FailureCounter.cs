using System.Collections.Concurrent;

namespace Identity.Server.Security;

/// <summary>
/// Counts failed attempts on one <see cref="FailureSurface"/> per client address in fixed windows that start at an
/// address's first failure, and says how long an address over the limit must wait. Only failures are counted, after
/// the fact. <see cref="FailureCounters"/> holds one per surface.
/// </summary>
/// <remarks>
/// Not System.Threading.RateLimiting: its limiters count permits taken before the work (so successes would count), offer
/// no way to ask "is this address over?" without taking a permit, and keep time with their own timer rather than the
/// injected <see cref="TimeProvider"/>. Counters live in this process: with several instances behind a load balancer,
/// each counts on its own, so an address may make up to the limit times the number of instances.
/// </remarks>
public sealed partial class FailureCounter(
    FailureSurface surface, FailureRateLimitOptions options, TimeProvider clock, ILogger<FailureCounter> logger)
{
    // Sweeps forced by a full table run at most this often, so a flood of new addresses cannot make every request scan it.
    private static readonly TimeSpan MinimumSweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private int _tracked;
    private long _lastSweepTicks;

    public bool Enabled => options.Enabled;

    /// <summary>How long the address must wait before it may try again, or null when it is under the limit.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!options.Enabled || !_windows.TryGetValue(client, out var window))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        lock (window)
        {
            var ends = window.Start + options.Window;
            return window.Failures >= options.PermitLimit && now < ends ? ends - now : null;
        }
    }

    /// <summary>Counts one failed attempt from the address.</summary>
    public void RecordFailure(string client)
    {
        if (!options.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (!_windows.TryGetValue(client, out var window))
        {
            SweepIfDue(now, full: Volatile.Read(ref _tracked) >= options.MaxTrackedClients);
            if (Volatile.Read(ref _tracked) >= options.MaxTrackedClients)
            {
                // Every slot belongs to an address still inside its window: fail open for newcomers rather than grow.
                return;
            }

            var fresh = new Window(now);
            window = _windows.GetOrAdd(client, fresh);
            if (ReferenceEquals(window, fresh))
            {
                Interlocked.Increment(ref _tracked);
            }
        }
        else
        {
            SweepIfDue(now, full: false);
        }

        lock (window)
        {
            if (now >= window.Start + options.Window)
            {
                window.Start = now;
                window.Failures = 0;
            }
            window.Failures++;
        }
    }

    /// <summary>Drops addresses whose window has ended: once per window, or sooner (but not too often) when the table is full.</summary>
    private void SweepIfDue(DateTimeOffset now, bool full)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        var interval = full ? MinimumSweepInterval : options.Window;
        if (now.UtcTicks - last < interval.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (client, window) in _windows)
        {
            bool ended;
            lock (window)
            {
                ended = now >= window.Start + options.Window;
            }
            if (ended && _windows.TryRemove(new KeyValuePair<string, Window>(client, window)))
            {
                Interlocked.Decrement(ref _tracked);
            }
        }

        if (full && Volatile.Read(ref _tracked) >= options.MaxTrackedClients)
        {
            LogTableFull(logger, surface, options.MaxTrackedClients);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The failure rate limit on {Surface} tracks {Capacity} client addresses, all within their window; new addresses are not counted until some leave.")]
    private static partial void LogTableFull(ILogger logger, FailureSurface surface, int capacity);

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Failures { get; set; }
    }
}
