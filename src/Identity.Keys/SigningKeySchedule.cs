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
/// each key's creation time and the configuration alone (no state of its own), so every instance and the CLI agree:
/// <list type="bullet">
/// <item>the first key signs from its creation; every later key <see cref="SigningKeyOptions.ActivationDelay"/> after its creation;</item>
/// <item>a key is replaced when a later key activates, stays in the JWKS for the longest ID/access token lifetime plus
/// <see cref="SigningKeyOptions.RetirementMargin"/>, and stays loaded (verifying the server's own codes and refresh
/// tokens) for the longest lifetime of any token it signed plus the margin.</item>
/// </list>
/// </summary>
public static class SigningKeySchedule
{
    public static IReadOnlyList<ScheduledSigningKey> Plan(IEnumerable<SigningKeyRecord> signingKeys, SigningKeyOptions options, TokenLifetimes lifetimes)
    {
        // Ordered in memory: SQLite cannot order by DateTimeOffset, and there are only a handful of keys.
        var ordered = signingKeys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
        var activations = ordered.Select((k, i) => i == 0 ? k.CreatedAt : k.CreatedAt + options.ActivationDelay).ToList();

        return [.. ordered.Select((record, i) =>
        {
            // Replaced by the first later key that activates after it (a later key never activates before it unless the
            // activation delay was shortened; then it simply replaces it at its own activation).
            DateTimeOffset? replacedAt = activations.Skip(i + 1).Where(a => a >= activations[i]).Cast<DateTimeOffset?>().Min();
            return new ScheduledSigningKey(record, activations[i], replacedAt,
                replacedAt + lifetimes.Published + options.RetirementMargin,
                replacedAt + lifetimes.ServerOnly + options.RetirementMargin);
        })];
    }

    /// <summary>The key that signs at <paramref name="now"/>: the latest activated one (the first key if none has activated yet).</summary>
    public static ScheduledSigningKey? SignerAt(IReadOnlyList<ScheduledSigningKey> plan, DateTimeOffset now) =>
        plan.Where(k => k.StateAt(now) == SigningKeyState.Active).OrderBy(k => k.ActivatesAt).LastOrDefault()
        ?? plan.Where(k => k.StateAt(now) != SigningKeyState.Expired).OrderBy(k => k.ActivatesAt).FirstOrDefault();

    public static bool IsPublished(SigningKeyState state) => state is SigningKeyState.Pending or SigningKeyState.Active or SigningKeyState.Retiring;
}
