using System.Collections.Immutable;
using System.Security.Claims;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Server.Principals;
using Identity.Server.Oidc;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Controllers;

/// <summary>
/// The token endpoint (<c>/oidc/token</c>). OpenIddict has authenticated the client and validated the code or refresh
/// token (PKCE, expiry, reuse); this action rebuilds the claims from the current user record.
/// </summary>
public sealed class TokenController(UserManager<UserAccount> users, IOpenIddictApplicationManager applications, IAuditLog audit) : Controller
{
    [HttpPost(OidcPaths.TokenRoute), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> Exchange()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            return await IssueForApplicationAsync(request);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await IssueForUserAsync(request);
        }

        throw new InvalidOperationException("OpenIddict lets through only the grant types this server enables.");
    }

    private async Task<IActionResult> IssueForUserAsync(OpenIddictRequest request)
    {
        var grant = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
        var user = await users.FindByIdAsync(grant.GetClaim(Claims.Subject)!);

        // A deleted user, or one whose password changed since the grant, gets no new tokens.
        if (user is null || grant.GetClaim(UserClaimsFactory.SecurityStampClaim) != await users.GetSecurityStampAsync(user))
        {
            return Refuse(Errors.InvalidGrant, "The grant is no longer valid.");
        }

        var identity = UserClaimsFactory.CreateIdentity(user, grant.GetScopes(), grant.GetClaim(Claims.AuthenticationTime),
            await users.GetSecurityStampAsync(user));
        await RecordIssuedAsync(request, user.Id, user.UserName);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // OpenIddict has authenticated the client; the application itself is the subject.
    private async Task<IActionResult> IssueForApplicationAsync(OpenIddictRequest request)
    {
        var application = await applications.FindByClientIdAsync(request.ClientId!, HttpContext.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict authenticated the client, yet it cannot be found.");
        var notGranted = await ScopeGrants.NotGrantedAsync(applications, application, request.GetScopes(), HttpContext.RequestAborted);
        if (notGranted.Count > 0)
        {
            return Refuse(Errors.InvalidScope, $"This application was not granted the scope '{notGranted[0]}'.");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, request.ClientId!));
        identity.AddClaim(new Claim(Claims.ClientId, request.ClientId!));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(ClaimDestinations.For);
        await RecordIssuedAsync(request, userId: null, username: null);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private Task RecordIssuedAsync(OpenIddictRequest request, string? userId, string? username) =>
        audit.RecordAsync(new AuditEvent(AuditEventTypes.TokenIssued, AuditOutcome.Success)
        {
            UserId = userId,
            Username = username,
            ClientId = request.ClientId,
            Details = new Dictionary<string, string?> { ["grantType"] = request.GrantType, ["scope"] = request.Scope },
        }, HttpContext.RequestAborted);

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
