using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Identity.Admin;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Resources;
using Identity.Admin.Seeding;
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
    ResourceAccess resources,
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

        var audience = await AudienceForUserAsync(request, grant, user.Id);
        if (audience.Refusal is { } refusal)
        {
            return Refuse(Errors.InvalidTarget, refusal);
        }
        audience.Decided!.AttachTo(HttpContext);

        var identity = UserClaimsFactory.CreateIdentity(user, grant.GetScopes(), grant.GetClaim(Claims.AuthenticationTime), user.SecurityStamp);
        identity.SetResources(grant.GetResources());

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

    // The access token of a user grant: for an API resource the grant asked for at authorization (RFC 8707 2.2), or,
    // without one, for this server's own endpoints with the scopes the app may have (and, when the app has a default
    // resource that its grant holds, for that resource as well: a generic client that never sends resource).
    private async Task<(AccessTokenAudience? Decided, string? Refusal)> AudienceForUserAsync(OpenIddictRequest request, ClaimsPrincipal grant, string userId)
    {
        // A refresh may narrow the grant's scopes (RefuseScopesBeyondTheGrant refuses widening them).
        var asked = string.IsNullOrEmpty(request.Scope) ? grant.GetScopes() : request.GetScopes();
        if (request.GetResources() is not [var indicator])
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, HttpContext.RequestAborted)
                ?? throw new InvalidOperationException("OpenIddict authenticated the client, yet it cannot be found.");
            var own = await ScopeGrants.ForUserAsync(applications, application, asked, EmptyScopes, HttpContext.RequestAborted);
            if (ApplicationDescriptors.DefaultResourceOf(await applications.GetPropertiesAsync(application, HttpContext.RequestAborted)) is { } fallback &&
                grant.HasResource(fallback) && await resources.FindAsync(fallback, HttpContext.RequestAborted) is { } byDefault)
            {
                var grantedByDefault = await resources.GrantedToUserAsync(userId, byDefault, HttpContext.RequestAborted);
                return (new AccessTokenAudience(fallback, [.. own, .. ScopeGrants.ForResource(asked, grantedByDefault)],
                    TimeSpan.FromSeconds(byDefault.AccessTokenTtl)), null);
            }
            return (new AccessTokenAudience(null, own, null), null);
        }
        if (!grant.HasResource(indicator))
        {
            return (null, $"The resource '{indicator}' was not requested at authorization.");
        }
        if (await resources.FindAsync(indicator, HttpContext.RequestAborted) is not { } resource)
        {
            return (null, RegisteredResources.Unregistered(indicator));
        }
        var granted = await resources.GrantedToUserAsync(userId, resource, HttpContext.RequestAborted);
        return (new AccessTokenAudience(indicator, ScopeGrants.ForResource(asked, granted), TimeSpan.FromSeconds(resource.AccessTokenTtl)), null);
    }

    // OpenIddict has authenticated the client; the application itself is the subject.
    private async Task<IActionResult> IssueForApplicationAsync(OpenIddictRequest request)
    {
        var application = await applications.FindByClientIdAsync(request.ClientId!, HttpContext.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict authenticated the client, yet it cannot be found.");
        var scopes = request.GetScopes();
        if (request.GetResources() is [var indicator])
        {
            if (await resources.FindAsync(indicator, HttpContext.RequestAborted) is not { } resource)
            {
                return Refuse(Errors.InvalidTarget, RegisteredResources.Unregistered(indicator));
            }
            var granted = await resources.GrantedToApplicationAsync((await applications.GetIdAsync(application, HttpContext.RequestAborted))!, resource, HttpContext.RequestAborted);
            scopes = ScopeGrants.ForApplicationResource(scopes, granted);
            new AccessTokenAudience(indicator, scopes, TimeSpan.FromSeconds(resource.AccessTokenTtl)).AttachTo(HttpContext);
        }
        else if (await ScopeGrants.NotGrantedAsync(applications, application, scopes, HttpContext.RequestAborted) is [var notGranted, ..])
        {
            return Refuse(Errors.InvalidScope, $"This application was not granted the scope '{notGranted}'.");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        var grants = ApplicationGrants.VersionOf(await applications.GetPropertiesAsync(application, HttpContext.RequestAborted));
        foreach (var (type, value) in ApplicationClaims.For(request.ClientId!, grants))
        {
            identity.AddClaim(new Claim(type, value));
        }
        identity.SetScopes(scopes);
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

    private static readonly IReadOnlySet<string> EmptyScopes = new HashSet<string>();

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
