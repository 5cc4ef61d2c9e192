using System.Diagnostics.CodeAnalysis;
using Identity.Core.Accounts;

namespace Identity.Server.Principals;

/// <summary>
/// When a user's grant still earns new tokens at the token endpoint (a code redeemed or a refresh token used): the one
/// place for these rules, applied by <c>TokenController</c> and by the direct refresh path alike.
/// </summary>
public static class UserGrantRules
{
    /// <summary>A private claim of codes' successors: when the refresh chain began (Unix seconds).</summary>
    public const string StartClaim = "identity_grant_start";

    /// <summary>A deleted user, or one whose password changed since the grant (another security stamp), gets no new tokens.</summary>
    public static bool StillHolds([NotNullWhen(true)] UserAccount? user, string? grantedSecurityStamp) =>
        user is not null && string.Equals(grantedSecurityStamp, user.SecurityStamp, StringComparison.Ordinal);

    /// <summary>When the chain began: the start kept in the token, or now for a code (and for tokens issued before the claim).</summary>
    public static DateTimeOffset StartedAt(long? startSeconds, DateTimeOffset now) =>
        startSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());

    /// <summary>
    /// What is left of the chain: each refresh renews the refresh token (sliding expiry), so without a cap an active grant
    /// would never end; the chain ends a fixed time after the code was redeemed, however often it is renewed (OWASP ASVS
    /// 10.4.8). Zero or less: the user must sign in again.
    /// </summary>
    public static TimeSpan Remaining(DateTimeOffset started, TimeSpan absoluteLifetime, DateTimeOffset now) => started + absoluteLifetime - now;
}
