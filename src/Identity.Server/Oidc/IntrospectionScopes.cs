using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Introspection of an access token answers its <c>scope</c> to the client it was issued to as well (RFC 7662 2.2).
/// OpenIddict tells the scopes only to a caller among the token's audiences, and ours are API resources (URIs), not
/// clients, so no one was told. Only the token's own client and its audiences get this far
/// (<see cref="RejectIntrospectionByAnotherClient"/>), and that client was given the scopes with the token anyway.
/// </summary>
public sealed class IntrospectionScopes : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionScopes>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.GenericTokenPrincipal is { } token && token.HasTokenType(TokenTypeIdentifiers.AccessToken) &&
            !string.IsNullOrEmpty(context.Request.ClientId) && token.HasPresenter(context.Request.ClientId))
        {
            context.Scopes.UnionWith(token.GetScopes());
        }
        return default;
    }
}
