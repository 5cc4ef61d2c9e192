namespace Identity.Server.Oidc;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class ServerSecurityOptions
{
    public const string Section = "Security";

    /// <summary>Refuse plain http. Defaults to true outside Development.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>How long a rotated refresh token still works, so parallel refreshes by one client do not end its grant.</summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
}
