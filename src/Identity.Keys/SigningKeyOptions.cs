namespace Identity.Keys;

/// <summary>The <c>Keys</c> configuration section: signing key rollover.</summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Keys";

    /// <summary>
    /// How long a new key is published in the JWKS before it signs: long enough for every instance to load it and for
    /// every client's cached JWKS to be refreshed, so no client ever sees a token signed with a key it does not know.
    /// </summary>
    public TimeSpan ActivationDelay { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Added to the longest lifetime of a token that others verify (ID and access tokens) before a replaced key leaves
    /// the JWKS: covers clock skew and clients that verify a token a little after they received it.
    /// </summary>
    public TimeSpan RetirementMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, a new key is added automatically this long after the newest one (for example 90.00:00:00).</summary>
    public TimeSpan? RotationInterval { get; set; }

    /// <summary>
    /// The algorithm that signs ID tokens: <c>RS256</c> (the default: OpenID Connect's default for ID tokens, which every
    /// client accepts) or <c>ES256</c> (ECDSA P-256, for clients that accept it).
    /// </summary>
    public string Algorithm { get; set; } = SigningAlgorithms.Rs256;

    /// <summary>
    /// The algorithm that signs access tokens, authorization codes and refresh tokens: <c>ES256</c> (the default: about
    /// ten times cheaper to sign than RS256, and what resource servers that read the JWKS accept) or <c>RS256</c>.
    /// Each algorithm in use has its own keys and its own rollover (see <see cref="SigningKeySchedule"/>); a key added
    /// for an algorithm newly configured is published first and signs after <see cref="ActivationDelay"/>, until then
    /// the ID tokens' key signs these tokens too.
    /// </summary>
    public string AccessTokenAlgorithm { get; set; } = SigningAlgorithms.Es256;

    /// <summary>The algorithms that have keys of their own: the ID tokens' first, then the access tokens' when it differs.</summary>
    public IReadOnlyList<string> Families()
    {
        var id = SigningAlgorithms.Validate(Algorithm, nameof(Algorithm));
        var access = SigningAlgorithms.Validate(AccessTokenAlgorithm, nameof(AccessTokenAlgorithm));
        return id == access ? [id] : [id, access];
    }

    /// <summary>How often every instance re-reads the keys from the database, to pick up keys another instance or the CLI added.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(1);
}
