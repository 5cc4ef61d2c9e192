using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Makes the issuer <c>{base}/oidc</c>, where <c>{base}</c> is the configured <c>Issuer</c>'s origin or, by default, the
/// scheme and host the request came in on, so one server answers on every name it is reached by.
/// Note: OpenIddict uses the base URI both as the issuer and as the root of relative endpoint URIs.
/// </summary>
public sealed class UseOidcIssuer : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<UseOidcIssuer>()
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.BaseUri is { } baseUri)
        {
            context.BaseUri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + OidcPaths.Prefix, UriKind.Absolute);
        }
        return default;
    }
}
