using Identity.Core.Resources;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// A <c>resource</c> must name a registered API resource, at the authorization and token endpoints, else
/// <c>invalid_target</c> (RFC 8707 2): OpenIddict's own check knows only resources fixed in its options, and ours are
/// added and removed at run time. A token request names at most one (one audience per access token, as Logto's engine).
/// Whether a token request's resource was granted at authorization is the token endpoint's to check.
/// </summary>
public static class RegisteredResources
{
    public sealed class AtAuthorization(ResourceAccess resources) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseScopedHandler<AtAuthorization>()
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidateResources.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (await FirstUnknownAsync(resources, context.Request.GetResources(), context.CancellationToken) is { } unknown)
            {
                context.Reject(Errors.InvalidTarget, Unregistered(unknown));
            }
        }
    }

    public sealed class AtToken(ResourceAccess resources) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
                .UseScopedHandler<AtToken>()
                .SetOrder(OpenIddictServerHandlers.Exchange.ValidateResources.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            var requested = context.Request.GetResources();
            if (requested.Length > 1)
            {
                context.Reject(Errors.InvalidTarget, "Ask for one resource per token request: an access token has one audience.");
            }
            else if (await FirstUnknownAsync(resources, requested, context.CancellationToken) is { } unknown)
            {
                context.Reject(Errors.InvalidTarget, Unregistered(unknown));
            }
        }
    }

    public static string Unregistered(string indicator) => $"The resource '{indicator}' is not a registered API resource.";

    private static async Task<string?> FirstUnknownAsync(ResourceAccess resources, IEnumerable<string> requested, CancellationToken cancellationToken)
    {
        foreach (var indicator in requested.Distinct(StringComparer.Ordinal))
        {
            if (await resources.FindAsync(indicator, cancellationToken) is null)
            {
                return indicator;
            }
        }
        return null;
    }
}
