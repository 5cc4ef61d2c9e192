using Microsoft.AspNetCore.Identity;

namespace Identity.Core.Accounts;

/// <summary>A person who can sign in: ASP.NET Core Identity's user plus the profile claims Logto issues.</summary>
public sealed class UserAccount : IdentityUser
{
    /// <summary>Display name (the OpenID Connect <c>name</c> claim).</summary>
    public string? Name { get; set; }

    /// <summary>Avatar URL (the <c>picture</c> claim).</summary>
    public string? Picture { get; set; }

    /// <summary>
    /// Lockouts in a row since the last successful sign-in: each one lasts twice as long as the one before
    /// (see <see cref="LockoutPolicy"/>). Kept in the database so every instance agrees.
    /// </summary>
    public int LockoutCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
