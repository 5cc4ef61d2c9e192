namespace Identity.Data;

/// <summary>
/// Remembers, for a few seconds, that the database was just found unavailable: an operation used up its retries. While
/// it remembers, the retrying strategies (<see cref="OutageAwareRetries"/>) do not retry, so the next operations fail at
/// once and the request answers 503 with Retry-After instead of waiting out the retry delays again. A page that reads
/// the database twice then waits once, not twice, and a server in an outage does not hold every request for seconds.
/// One per server; after <see cref="Window"/> an operation tries with retries again, so a database that is back is
/// found at the next request either way.
/// </summary>
public sealed class DatabaseOutageMemory(TimeProvider clock)
{
    /// <summary>How long a used-up retry stops further retries. Shorter than the 15 s Retry-After the server answers.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private long? _retriesUsedUpAt;

    // Asked only when an operation has failed, so the lock costs nothing on the way of a working request.
    public bool RecentlyUnavailable
    {
        get
        {
            lock (_lock)
            {
                return _retriesUsedUpAt is { } since && clock.GetElapsedTime(since) < Window;
            }
        }
    }

    public void RetriesUsedUp()
    {
        lock (_lock)
        {
            _retriesUsedUpAt = clock.GetTimestamp();
        }
    }
}
