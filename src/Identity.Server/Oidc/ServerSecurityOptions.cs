namespace Identity.Server.Oidc;

/// <summary>
/// The <c>Security</c> configuration section. Its <c>FailureRateLimit</c> subsection is read apart, by
/// <see cref="Security.FailureRateLimitSettings"/> (per surface, each value checked).
/// </summary>
public sealed class ServerSecurityOptions
{
    public const string Section = "Security";

    /// <summary>Refuse plain http. Defaults to true outside Development.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>
    /// Read the client's address, scheme and host from X-Forwarded-For/-Proto/-Host: only behind a reverse proxy that
    /// sets them (anyone could send them otherwise).
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>The <c>Security</c> section as configured.</summary>
    public static ServerSecurityOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ServerSecurityOptions>() ?? new();

    /// <summary>The one place deciding whether plain http is refused.</summary>
    public static bool RequiresHttps(IConfiguration configuration, IHostEnvironment environment) =>
        From(configuration).RequireHttps ?? !environment.IsDevelopment();

    /// <summary>How long a rotated refresh token still works, so parallel refreshes by one client do not end its grant.</summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a refresh grant lives, counted from the code's redemption. Each refresh renews the refresh token
    /// for OpenIddict's 14 days (expiry after inactivity), but never past this cap (OWASP ASVS 10.4.8: an absolute
    /// expiry even with sliding renewal); then the user signs in again.
    /// </summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long an account stays locked the first time; each further lockout in a row lasts twice as long.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a repeated lockout lasts.</summary>
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a sign-in session lasts.</summary>
    public Security.SessionLifetimeOptions Session { get; set; } = new();

    /// <summary>
    /// Ask before signing out when an end-session request has no valid <c>id_token_hint</c>, even with <c>client_id</c>
    /// and a registered post-logout URI. Off by default, for Logto compatibility (its SDKs send no hint and Logto signs
    /// out without a prompt); on, a link any site can copy cannot sign anyone out (OWASP ASVS 10.6.2, check 50).
    /// </summary>
    public bool ConfirmSignOutWithoutIdTokenHint { get; set; }
}
