using Microsoft.AspNetCore.Http;

namespace Identity.Ui;

/// <summary>Settings the host gives the hosted pages.</summary>
public sealed class HostedPagesOptions
{
    /// <summary>When true, cookies get the <c>__Host-</c> prefix and the Secure flag.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>The cookie binding a social sign-in attempt to this browser.</summary>
    public string SocialCookieName => RequireHttps ? "__Host-identity.social" : "identity.social";

    public CookieOptions SocialCookie(DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        // Lax: the provider's redirect back is a top-level GET, on which Lax cookies are sent.
        SameSite = SameSiteMode.Lax,
        Secure = RequireHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
