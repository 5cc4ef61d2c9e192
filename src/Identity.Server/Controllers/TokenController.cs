using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Identity.Admin;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Server.Audit;
using Identity.Server.Principals;
using Identity.Server.Oidc;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Controllers;

/// <summary>
/// The token endpoint (<c>/oidc/token</c>). OpenIddict has authenticated the client and validated the code or refresh
/// token (PKCE, expiry, reuse); this action rebuilds the claims from the current user record.
/// </summary>
public sealed class TokenController(
    UserManager<UserAccount> users,
    IOpenIddictApplicationManager applications,
    IOptions<ServerSecurityOptions> security,
    IOptions<OpenIddict.Server.OpenIddictServerOptions> server,
    TimeProvider clock,
    DatabaseAuditLog audit) : Controller
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
        if (!UserGrantRules.StillHolds(user, grant.GetClaim(UserClaimsFactory.SecurityStampClaim)))
        {
            return Refuse(Errors.InvalidGrant, "The grant is no longer valid.");
        }

        var identity = UserClaimsFactory.CreateIdentity(user, grant.GetScopes(), grant.GetClaim(Claims.AuthenticationTime), user.SecurityStamp);

        // The start is kept in the tokens (a private claim, no destination).
        var now = clock.GetUtcNow();
        var started = UserGrantRules.StartedAt(
            long.TryParse(grant.GetClaim(UserGrantRules.StartClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null, now);
        var remaining = UserGrantRules.Remaining(started, security.Value.RefreshTokenAbsoluteLifetime, now);
        if (remaining <= TimeSpan.Zero)
        {
            return Refuse(Errors.InvalidGrant, "The grant has reached its absolute lifetime: the user must sign in again.");
        }
        if (server.Value.RefreshTokenLifetime is not { } lifetime || remaining < lifetime)
        {
            identity.SetRefreshTokenLifetime(remaining);
        }
        identity.AddClaim(new Claim(UserGrantRules.StartClaim, started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        RecordIssued(request, user.Id, user.UserName);
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
        var grants = ApplicationGrants.VersionOf(await applications.GetPropertiesAsync(application, HttpContext.RequestAborted));
        foreach (var (type, value) in ApplicationClaims.For(request.ClientId!, grants))
        {
            identity.AddClaim(new Claim(type, value));
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(ClaimDestinations.For);

        // Saved now: the token itself writes no row, so no later save of this request would carry the entry, and a
        // database that cannot take it is a 503 here rather than a failure once the token is on its way.
        await audit.RecordAloneAsync(IssuedEvent(request, userId: null, username: null), HttpContext.RequestAborted);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // Written with OpenIddict's insert of the refresh token (one save, one transaction), not by a save of its own. Not
    // through IAuditLog's metering wrapper: token.issued is not one of the events it counts.
    private void RecordIssued(OpenIddictRequest request, string? userId, string? username) =>
        audit.RecordWithNextSave(IssuedEvent(request, userId, username), HttpContext);

    private static AuditEvent IssuedEvent(OpenIddictRequest request, string? userId, string? username) =>
        TokenIssuedAudit.For(request.GrantType, request.Scope, request.ClientId, userId, username);

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
