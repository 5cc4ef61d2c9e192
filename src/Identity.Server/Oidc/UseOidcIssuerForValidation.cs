using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// The validation side of <see cref="UseOidcIssuer"/>: the server issues tokens as <c>{base}/oidc</c>, so the local
/// validation handler must expect that issuer too (without it, every access token is refused with ID2088).
/// </summary>
public sealed class UseOidcIssuerForValidation : IOpenIddictValidationHandler<ProcessRequestContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<UseOidcIssuerForValidation>()
            .SetOrder(OpenIddictValidationAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.BaseUri is { } baseUri && !baseUri.AbsolutePath.TrimEnd('/').EndsWith(OidcPaths.Prefix, StringComparison.Ordinal))
        {
            context.BaseUri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + OidcPaths.Prefix, UriKind.Absolute);
        }
        return default;
    }
}
