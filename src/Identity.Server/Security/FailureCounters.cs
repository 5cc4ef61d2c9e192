namespace Identity.Server.Security;

/// <summary>
/// One <see cref="FailureCounter"/> per <see cref="FailureSurface"/>, so that one surface's failures never refuse
/// another surface's requests from the same address.
/// </summary>
/// <remarks>
/// Each counter has its own bound on tracked addresses (its surface's <c>MaxTrackedClients</c>), so the memory held is
/// at most the sum of the bounds. A shared bound would let a flood of new addresses on one surface fill the table and
/// leave the other surfaces uncounted for newcomers.
/// </remarks>
public sealed class FailureCounters
{
    private readonly Dictionary<FailureSurface, FailureCounter> _counters;

    public FailureCounters(
        IReadOnlyDictionary<FailureSurface, FailureRateLimitOptions> limits, TimeProvider clock, ILogger<FailureCounter> logger) =>
        _counters = limits.ToDictionary(limit => limit.Key, limit => new FailureCounter(limit.Key, limit.Value, clock, logger));

    /// <summary>Whether any surface is limited at all (otherwise the middleware is left out).</summary>
    public bool AnyEnabled => _counters.Values.Any(counter => counter.Enabled);

    public FailureCounter For(FailureSurface surface) => _counters[surface];
}
