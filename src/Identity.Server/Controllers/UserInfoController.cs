using Identity.Core.Accounts;
using Identity.Server.Principals;
using Identity.Server.Oidc;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Controllers;

/// <summary>The userinfo endpoint (<c>/oidc/me</c>, GET and POST): the same claims the ID token carries, per scope.</summary>
public sealed class UserInfoController(UserManager<UserAccount> users) : Controller
{
    [Authorize(AuthenticationSchemes = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)]
    [HttpGet(OidcPaths.UserInfoRoute), HttpPost(OidcPaths.UserInfoRoute), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> UserInfo()
    {
        // A token for an API resource (it names that API as its audience) is the API's, not userinfo's, as in Logto;
        // unless it was also issued for OpenID Connect (openid): an app's default resource token serves both.
        if (!User.GetAudiences().IsDefaultOrEmpty && !User.HasScope(Scopes.OpenId))
        {
            return InvalidToken("The access token is for an API resource, not for userinfo.");
        }
        if (await users.FindByIdAsync(User.GetClaim(Claims.Subject)!) is not { } user)
        {
            return InvalidToken("The access token belongs to no user.");
        }

        var claims = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (type, value) in UserClaimsFactory.GetUserClaims(user, [.. User.GetScopes()]))
        {
            claims[type] = value;
        }
        return Ok(claims);
    }

    private ChallengeResult InvalidToken(string description) => Challenge(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
