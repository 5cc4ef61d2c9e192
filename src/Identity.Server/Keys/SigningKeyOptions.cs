namespace Identity.Server.Keys;

/// <summary>The <c>Keys</c> configuration section: signing key rollover and an optional signing certificate.</summary>
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

    /// <summary>How often every instance re-reads the keys from the database, to pick up keys another instance or the CLI added.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A signing certificate (PKCS#12 <c>.pfx</c>/<c>.p12</c>, or a PEM certificate with <see cref="SigningCertificateKeyPath"/>).
    /// When set it signs every token instead of the generated keys, which stay published until their tokens have expired.
    /// </summary>
    public string? SigningCertificatePath { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="SigningCertificatePath"/>, or of an encrypted PEM key.</summary>
    public string? SigningCertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="SigningCertificatePath"/> (may also be in the certificate file itself).</summary>
    public string? SigningCertificateKeyPath { get; set; }
}
