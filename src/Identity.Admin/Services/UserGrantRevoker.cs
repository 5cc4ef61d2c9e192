using Identity.Core.Accounts;
using Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Identity.Admin;

/// <summary>
/// Ends everything a user holds, in every app: the one place that does it, for an admin's revoke, a password change and
/// a lockout alike, so none of them forgets a piece.
/// </summary>
public sealed class UserGrantRevoker(
    UserManager<UserAccount> users,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    IdentityDataContext db)
{
    /// <summary>
    /// Revokes the user's authorizations and tokens (codes, access and refresh tokens) and deletes their server-side
    /// sessions. Idempotent: if a step fails, running it again finishes the job.
    /// </summary>
    /// <param name="user">The user, already saved.</param>
    /// <param name="securityStampRotated">True when the caller has just given the user a new security stamp (a password reset does).</param>
    public async Task RevokeAllAsync(UserAccount user, bool securityStampRotated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);

        // The stamp first: a refresh racing with this revocation carries the old stamp, and the token endpoint refuses
        // it, whatever it manages to write after the rows below are revoked.
        if (!securityStampRotated)
        {
            ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
        }

        // Access tokens die at once too, not at their expiry: the userinfo endpoint checks each token's database entry.
        await tokens.RevokeBySubjectAsync(user.Id, cancellationToken);
        await authorizations.RevokeBySubjectAsync(user.Id, cancellationToken);

        // The hosted pages' sign-in: without its row, the session cookie signs nobody in, so the next authorization
        // request asks for credentials again instead of issuing a new code silently.
        await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The security stamp could not be changed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
