using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Identity.Core.Accounts;

/// <summary>
/// Builds the session cookie's principal. ASP.NET Core Identity's factory requires a username; a user who signed up
/// through a social connector with the sign-up identifier "none" has none, so this one adds it only when present.
/// </summary>
public sealed class SessionPrincipalFactory(UserManager<UserAccount> users, IOptions<IdentityOptions> options)
    : IUserClaimsPrincipalFactory<UserAccount>
{
    public async Task<ClaimsPrincipal> CreateAsync(UserAccount user)
    {
        var types = options.Value.ClaimsIdentity;
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, await users.GetUserIdAsync(user)));
        if (await users.GetUserNameAsync(user) is { } username)
        {
            identity.AddClaim(new Claim(types.UserNameClaimType, username));
        }

        // The security stamp lets Identity end the session when the password changes.
        if (users.SupportsUserSecurityStamp)
        {
            identity.AddClaim(new Claim(types.SecurityStampClaimType, await users.GetSecurityStampAsync(user)));
        }
        return new ClaimsPrincipal(identity);
    }
}
