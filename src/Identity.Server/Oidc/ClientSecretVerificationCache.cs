using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Identity.Server.Oidc;

/// <summary>
/// Remembers, briefly, which client secrets were verified against which stored hash, so a machine client calling the
/// token endpoint many times a second pays OpenIddict's PBKDF2 (thousands of SHA-256 rounds, milliseconds of CPU) once
/// per <see cref="Lifetime"/> instead of on every call.
/// </summary>
/// <remarks>
/// The key is the stored hash itself (which carries a random salt): rotating or removing a secret changes it, so the old
/// secret stops working at once, whatever is cached. Only successes are kept, never failures, so a wrong secret always
/// gets the full check. What is kept for the presented secret is an HMAC-SHA-256 under a random per-process key, compared
/// in constant time: the plain secret is never held. Bounded: when full, the cache is emptied and refills on demand.
/// </remarks>
public sealed class ClientSecretVerificationCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public const int MaxEntries = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _verified = new(StringComparer.Ordinal);

    /// <summary>True when this secret was verified against this stored value within the lifetime.</summary>
    public bool IsKnownGood(string storedValue, string secret)
    {
        if (!_verified.TryGetValue(storedValue, out var entry))
        {
            return false;
        }
        if (clock.GetUtcNow() >= entry.ExpiresAt)
        {
            _verified.TryRemove(new KeyValuePair<string, Entry>(storedValue, entry));
            return false;
        }
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Digest(secret, digest);
        return CryptographicOperations.FixedTimeEquals(digest, entry.Digest);
    }

    /// <summary>Records a successful full verification.</summary>
    public void RememberGood(string storedValue, string secret)
    {
        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }
        var digest = new byte[HMACSHA256.HashSizeInBytes];
        Digest(secret, digest);
        _verified[storedValue] = new Entry(digest, clock.GetUtcNow() + Lifetime);
    }

    private void Digest(string secret, Span<byte> destination)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        try
        {
            HMACSHA256.HashData(_key, bytes, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private sealed record Entry(byte[] Digest, DateTimeOffset ExpiresAt);
}
