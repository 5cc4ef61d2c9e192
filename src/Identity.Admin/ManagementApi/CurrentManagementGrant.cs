using Identity.Admin;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// A Management API token counts only while the grant it was issued under holds: its application still exists, still
/// has the <c>management</c> scope, and has not changed its secret, type or scopes since the token was issued.
/// </summary>
/// <remarks>
/// Read from the database on every request, on whichever instance answers, so a change made through any admin door on
/// any instance holds everywhere at the next request (nothing is cached per process). The admin service also revokes the
/// application's tokens when its grants change (<see cref="ApplicationAdmin"/>); this check covers a token issued by a
/// request that was already past client authentication when the change committed.
/// </remarks>
public sealed class CurrentManagementGrant : IAuthorizationRequirement;

/// <summary>Checks <see cref="CurrentManagementGrant"/> against the application as stored now.</summary>
public sealed class CurrentManagementGrantHandler(IOpenIddictApplicationManager applications)
    : AuthorizationHandler<CurrentManagementGrant>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentManagementGrant requirement)
    {
        var cancellationToken = context.Resource is HttpContext http ? http.RequestAborted : CancellationToken.None;
        if (!ManagementApiRegistration.IsManagementToken(context.User) ||
            await applications.FindByClientIdAsync(context.User.GetClaim(Claims.ClientId)!, cancellationToken) is not { } application ||
            !await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + ManagementApiRegistration.Scope, cancellationToken) ||
            ApplicationGrants.PredatesChange(context.User.GetCreationDate(),
                ApplicationGrants.ChangedAt(await applications.GetPropertiesAsync(application, cancellationToken))))
        {
            return;
        }
        context.Succeed(requirement);
    }
}
