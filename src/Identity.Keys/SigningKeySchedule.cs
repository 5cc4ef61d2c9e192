using Identity.Data;
using OpenIddict.Server;

namespace Identity.Keys;

/// <summary>Where a generated signing key is in its life at a given time.</summary>
public enum SigningKeyState
{
    /// <summary>Published in the JWKS, not signing yet (waiting for every instance and client cache to see it).</summary>
    Pending,

    /// <summary>Published and signing every new token.</summary>
    Active,

    /// <summary>Replaced, still published: tokens it signed may still be in use.</summary>
    Retiring,

    /// <summary>No longer published; still verifies the server's own tokens (codes, refresh tokens) it signed.</summary>
    Retired,

    /// <summary>Nothing it signed can still be valid: no longer loaded.</summary>
    Expired,
}

/// <summary>
/// How long the tokens a key signs can live: those others verify with the JWKS (ID and access tokens) and those only
/// this server reads (authorization codes, refresh tokens). Null: a lifetime without end, so the key is kept.
/// </summary>
public sealed record TokenLifetimes(TimeSpan? Published, TimeSpan? ServerOnly)
{
    public static TokenLifetimes From(OpenIddictServerOptions options) => new(
        Longest(options.AccessTokenLifetime, options.IdentityTokenLifetime),
        Longest(options.AccessTokenLifetime, options.IdentityTokenLifetime, options.AuthorizationCodeLifetime, options.RefreshTokenLifetime));

    private static TimeSpan? Longest(params TimeSpan?[] lifetimes) =>
        lifetimes.Any(l => l is null) ? null : lifetimes.Max();
}

/// <summary>One generated signing key and the times of its life.</summary>
public sealed record ScheduledSigningKey(SigningKeyRecord Record, DateTimeOffset ActivatesAt, DateTimeOffset? ReplacedAt,
    DateTimeOffset? PublishedUntil, DateTimeOffset? UsableUntil)
{
    public string Id => Record.Id;

    public SigningKeyState StateAt(DateTimeOffset now) =>
        now < ActivatesAt ? SigningKeyState.Pending
        : ReplacedAt is not { } replaced || now < replaced ? SigningKeyState.Active
        : PublishedUntil is not { } published || now < published ? SigningKeyState.Retiring
        : UsableUntil is not { } usable || now < usable ? SigningKeyState.Retired
        : SigningKeyState.Expired;
}

/// <summary>
/// The one place that decides which generated key signs, which are published and which are still loaded. Derived from
/// each key's creation time and the configuration alone (no state of its own), so every instance and the CLI agree.
/// Each configured algorithm (<see cref="SigningKeyOptions.Families"/>) is a family with its own rollover:
/// <list type="bullet">
/// <item>the keys created with the ring's first key sign from their creation; every later key
/// <see cref="SigningKeyOptions.ActivationDelay"/> after its creation;</item>
/// <item>a key is replaced when a later key of its family activates (a key of an algorithm no longer configured: when
/// any key of a configured one does), stays in the JWKS for the longest ID/access token lifetime plus
/// <see cref="SigningKeyOptions.RetirementMargin"/>, and stays loaded (verifying the server's own codes and refresh
/// tokens) for the longest lifetime of any token it signed plus the margin;</item>
/// <item>ID tokens are signed by the active key of <see cref="SigningKeyOptions.Algorithm"/>; access tokens, codes and
/// refresh tokens by the active key of <see cref="SigningKeyOptions.AccessTokenAlgorithm"/>, or the ID tokens' key
/// while that family has none active yet.</item>
/// </list>
/// </summary>
public static class SigningKeySchedule
{
    public static IReadOnlyList<ScheduledSigningKey> Plan(IEnumerable<SigningKeyRecord> signingKeys, SigningKeyOptions options, TokenLifetimes lifetimes)
    {
        // Ordered in memory: SQLite cannot order by DateTimeOffset, and there are only a handful of keys.
        var ordered = signingKeys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }
        var families = options.Families();
        var first = ordered[0].CreatedAt;
        var activations = ordered.Select(k => k.CreatedAt == first ? k.CreatedAt : k.CreatedAt + options.ActivationDelay).ToList();

        return [.. ordered.Select((record, i) =>
        {
            // Replaced by the first later key of its family that activates after it (a later key never activates before
            // it unless the activation delay was shortened; then it simply replaces it at its own activation). A key of an
            // algorithm no longer configured is replaced by the first key of a configured one that activates after it.
            var configured = families.Contains(record.Algorithm);
            DateTimeOffset? replacedAt = ordered.Select((other, j) => (other, j))
                .Where(o => o.j != i && activations[o.j] >= activations[i]
                    && (configured ? o.other.Algorithm == record.Algorithm && o.j > i : families.Contains(o.other.Algorithm)))
                .Select(o => (DateTimeOffset?)activations[o.j]).Min();
            return new ScheduledSigningKey(record, activations[i], replacedAt,
                replacedAt + lifetimes.Published + options.RetirementMargin,
                replacedAt + lifetimes.ServerOnly + options.RetirementMargin);
        })];
    }

    /// <summary>The key that signs ID tokens at <paramref name="now"/>.</summary>
    public static ScheduledSigningKey? IdTokenSignerAt(IReadOnlyList<ScheduledSigningKey> plan, SigningKeyOptions options, DateTimeOffset now) =>
        ActiveAt(plan, now, SigningAlgorithms.Validate(options.Algorithm)) ?? SignerAt(plan, now);

    /// <summary>The key that signs access tokens, codes and refresh tokens at <paramref name="now"/>.</summary>
    public static ScheduledSigningKey? AccessTokenSignerAt(IReadOnlyList<ScheduledSigningKey> plan, SigningKeyOptions options, DateTimeOffset now) =>
        ActiveAt(plan, now, SigningAlgorithms.Validate(options.AccessTokenAlgorithm, nameof(SigningKeyOptions.AccessTokenAlgorithm)))
        ?? IdTokenSignerAt(plan, options, now);

    /// <summary>Whatever the algorithm: the latest activated key (the first key if none has activated yet).</summary>
    public static ScheduledSigningKey? SignerAt(IReadOnlyList<ScheduledSigningKey> plan, DateTimeOffset now) =>
        plan.Where(k => k.StateAt(now) == SigningKeyState.Active).OrderBy(k => k.ActivatesAt).LastOrDefault()
        ?? plan.Where(k => k.StateAt(now) != SigningKeyState.Expired).OrderBy(k => k.ActivatesAt).FirstOrDefault();

    private static ScheduledSigningKey? ActiveAt(IReadOnlyList<ScheduledSigningKey> plan, DateTimeOffset now, string algorithm) =>
        plan.Where(k => k.Record.Algorithm == algorithm && k.StateAt(now) == SigningKeyState.Active).OrderBy(k => k.ActivatesAt).LastOrDefault();

    public static bool IsPublished(SigningKeyState state) => state is SigningKeyState.Pending or SigningKeyState.Active or SigningKeyState.Retiring;
}
