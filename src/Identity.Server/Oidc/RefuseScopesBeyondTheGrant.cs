using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// A refresh asking for a scope the grant does not hold is refused with <c>invalid_scope</c>, the error RFC 6749 5.2
/// defines for a scope that "exceeds the scope granted by the resource owner" (OpenIddict's own check, which runs
/// right after this one, answers <c>invalid_grant</c>, telling the client its grant is dead when it is not).
/// </summary>
public sealed class RefuseScopesBeyondTheGrant : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<RefuseScopesBeyondTheGrant>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsRefreshTokenGrantType() || string.IsNullOrEmpty(context.Request.Scope) || context.RefreshTokenPrincipal is null)
        {
            return default;
        }

        var granted = context.RefreshTokenPrincipal.GetScopes();
        var beyond = context.Request.GetScopes().FirstOrDefault(scope => !granted.Contains(scope, StringComparer.Ordinal));
        if (beyond is not null)
        {
            context.Reject(error: Errors.InvalidScope, description: $"The scope '{beyond}' was not granted to this refresh token.");
        }
        return default;
    }
}
