using System.Security.Claims;
using Identity.Admin;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>
/// What a token row's status did for an access token, for access tokens that have none (<see cref="TokensWithoutEntries"/>):
/// wherever the server accepts one (userinfo, introspection, revocation, the Management API), after its signature and
/// expiry, it is refused when a mark of <see cref="AccessTokenRevocations"/> ends it, and when it came from no grant
/// (client credentials) and its application was deleted. The grant's authorization is then checked by OpenIddict's own
/// handler, which runs once the authorization id is known (revoked or deleted: refused).
/// Tokens issued with a row before this change keep being checked by their row, as before.
/// </summary>
public static class CheckAccessTokenState
{
    private const string Refused = "The access token is no longer valid.";

    /// <summary>At the server's own endpoints (userinfo, introspection, revocation).</summary>
    public sealed class AtServer(AccessTokenRevocations revocations, IOpenIddictApplicationManager applications)
        : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateTokenContext>()
                .UseScopedHandler<AtServer>()
                .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenContext context)
        {
            if (await CheckAsync(context.Principal, context.TokenId, revocations, applications, context.CancellationToken) is { } result)
            {
                context.AuthorizationId = result.AuthorizationId;
                if (!result.Valid)
                {
                    context.Reject(error: Errors.InvalidToken, description: Refused);
                }
            }
        }
    }

    /// <summary>Where the server's own APIs accept its access tokens (the Management API, through OpenIddict's validation).</summary>
    public sealed class AtValidation(AccessTokenRevocations revocations, IOpenIddictApplicationManager applications)
        : IOpenIddictValidationHandler<OpenIddictValidationEvents.ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ValidateTokenContext>()
                .UseScopedHandler<AtValidation>()
                .SetOrder(OpenIddictValidationHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 500)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictValidationEvents.ValidateTokenContext context)
        {
            if (await CheckAsync(context.Principal, context.TokenId, revocations, applications, context.CancellationToken) is { } result)
            {
                context.AuthorizationId = result.AuthorizationId;
                if (!result.Valid)
                {
                    context.Reject(error: Errors.InvalidToken, description: Refused);
                }
            }
        }
    }

    // Null for a token this check is not for (not an access token, or one with a row); else the authorization it came
    // from (so OpenIddict's own check of it runs) and whether nothing else ended it.
    private static async Task<(string? AuthorizationId, bool Valid)?> CheckAsync(ClaimsPrincipal? token, string? tokenId,
        AccessTokenRevocations revocations, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        if (token is null || !string.IsNullOrEmpty(tokenId) || !token.HasTokenType(TokenTypeIdentifiers.AccessToken))
        {
            return null;
        }
        return (token.GetAuthorizationId(), await IsStillValidAsync(token, revocations, applications, cancellationToken));
    }

    private static async Task<bool> IsStillValidAsync(ClaimsPrincipal token, AccessTokenRevocations revocations,
        IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var authorizationId = token.GetAuthorizationId();
        if (await revocations.IsRevokedAsync(token.GetClaim(Claims.JwtId), authorizationId, token.GetCreationDate(), cancellationToken))
        {
            return false;
        }

        // A grant's tokens end with their authorization, which goes with the application; a client's own tokens
        // (client credentials) have no authorization: their application must still exist, with the grants they were
        // issued under (a rotated secret or a changed scope or type ends them, see ApplicationGrants).
        if (string.IsNullOrEmpty(authorizationId))
        {
            var clientId = token.GetPresenters().FirstOrDefault() ?? token.GetClaim(Claims.ClientId);
            var application = clientId is { Length: > 0 } ? await applications.FindByClientIdAsync(clientId, cancellationToken) : null;
            return application is not null && token.GetClaim(ApplicationGrants.AccessTokenClaim) is { } issuedUnder
                && issuedUnder == ApplicationGrants.VersionOf(await applications.GetPropertiesAsync(application, cancellationToken));
        }
        return true;
    }
}
