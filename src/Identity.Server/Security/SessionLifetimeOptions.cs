namespace Identity.Server.Security;

/// <summary>The <c>Security:Session</c> section: how long a sign-in session lasts (OWASP ASVS 7.3.1, 7.3.2).</summary>
public sealed class SessionLifetimeOptions
{
    /// <summary>A session unused this long ends; each use pushes the end back (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A session ends this long after sign-in however much it is used (Logto's session length).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(14);
}
