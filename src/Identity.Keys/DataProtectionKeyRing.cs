using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Identity.Keys;

/// <summary>
/// The one place that creates keys of the Data Protection key ring, always outside any write transaction. ASP.NET's own
/// key generation is turned off (see <c>DataProtectionRegistration</c>): it creates a key inside whichever Protect call
/// first finds none due, which may be a seed's or a sign-up's transaction; on SQLite the key's insert, on a connection
/// of its own, then waits for the write lock that very transaction holds and fails ("database is locked"). Instead the
/// first key is made before the server or a CLI command does any work, and each successor well before its predecessor
/// expires, by <see cref="DataProtectionKeyMaintenance"/>.
/// <para>
/// Data Protection reads the clock itself (not the server's <see cref="TimeProvider"/>), so this does too.
/// </para>
/// </summary>
public sealed partial class DataProtectionKeyRing(IKeyManager keys, IOptions<KeyManagementOptions> options, ILogger<DataProtectionKeyRing> logger)
{
    /// <summary>
    /// How long before the current key expires its successor is put on the ring. Every instance re-reads the ring at
    /// least daily and the maintenance runs hourly, so two weeks leaves room for an instance that was down for days;
    /// ASP.NET's own generation waits until two days before.
    /// </summary>
    public static readonly TimeSpan SuccessorLeadTime = TimeSpan.FromDays(14);

    /// <summary>Adds the key the ring needs now, if any: a first key when none is active, or the next one ahead of time.</summary>
    /// <returns>The key added, or null when the ring was already ready.</returns>
    public IKey? EnsureReady()
    {
        var now = DateTimeOffset.UtcNow;
        var lifetime = options.Value.NewKeyLifetime;
        var usable = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();

        var current = usable.Where(k => k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ActivationDate);
        if (current is null)
        {
            var first = keys.CreateNewKey(now, now + lifetime);
            LogCreated(logger, first.KeyId, first.ActivationDate, first.ExpirationDate);
            return first;
        }

        // Follow the chain of keys that take over one from another; the ring is ready while it reaches past the lead time.
        var coveredUntil = current.ExpirationDate;
        while (usable.Where(k => k.ActivationDate <= coveredUntil && k.ExpirationDate > coveredUntil).MaxBy(k => k.ExpirationDate) is { } next)
        {
            coveredUntil = next.ExpirationDate;
        }
        if (coveredUntil - now > SuccessorLeadTime)
        {
            return null;
        }

        var successor = keys.CreateNewKey(coveredUntil, coveredUntil + lifetime);
        LogCreated(logger, successor.KeyId, successor.ActivationDate, successor.ExpirationDate);
        return successor;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Added Data Protection key {KeyId} to the key ring, active from {ActivatesAt:u} until {ExpiresAt:u}.")]
    private static partial void LogCreated(ILogger logger, Guid keyId, DateTimeOffset activatesAt, DateTimeOffset expiresAt);
}
