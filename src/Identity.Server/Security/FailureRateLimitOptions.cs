namespace Identity.Server.Security;

/// <summary>
/// How many failed attempts one client address may make on one <see cref="FailureSurface"/>; read from configuration
/// by <see cref="FailureRateLimitSettings"/>.
/// </summary>
/// <param name="PermitLimit">Failures allowed per window and address; 0 turns the limit off.</param>
/// <param name="Window">The window that starts with an address's first failure; once it ends, the address starts afresh.</param>
/// <param name="MaxTrackedClients">
/// Addresses tracked at once. The bound on memory: past it, idle addresses are dropped first and, if none are idle,
/// new addresses are not counted until some are.
/// </param>
public sealed record FailureRateLimitOptions(int PermitLimit, TimeSpan Window, int MaxTrackedClients)
{
    /// <summary>The product's defaults: 100 failures a minute, 100,000 addresses.</summary>
    public static FailureRateLimitOptions Default { get; } = new(100, TimeSpan.FromMinutes(1), 100_000);

    public bool Enabled => PermitLimit > 0 && Window > TimeSpan.Zero;
}
