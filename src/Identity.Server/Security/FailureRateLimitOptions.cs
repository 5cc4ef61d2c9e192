namespace Identity.Server.Security;

/// <summary>The <c>Security:FailureRateLimit</c> section: how many failed attempts one client address may make.</summary>
public sealed class FailureRateLimitOptions
{
    /// <summary>Failures allowed per window and address; 0 turns the limit off.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window that starts with an address's first failure; once it ends, the address starts afresh.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Addresses tracked at once. The bound on memory: past it, idle addresses are dropped first and, if none are idle,
    /// new addresses are not counted until some are.
    /// </summary>
    public int MaxTrackedClients { get; set; } = 100_000;

    public bool Enabled => PermitLimit > 0 && Window > TimeSpan.Zero;
}
