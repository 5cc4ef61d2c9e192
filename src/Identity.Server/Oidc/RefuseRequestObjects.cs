using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace Identity.Server.Oidc;

/// <summary>
/// Request objects (<c>request</c>, <c>request_uri</c>; OpenID Connect Core 6) are not supported, and discovery says so.
/// OpenIddict refuses them while validating the request, and a refusal at that stage is only ever shown as an error
/// page. These two handlers take the parameters aside in place of OpenIddict's checks and refuse the request once it
/// has been validated (client, registered redirect URI), so the app gets <c>request_not_supported</c> or
/// <c>request_uri_not_supported</c> back with its <c>state</c> and <c>iss</c> (OpenID Connect Core 3.1.2.6).
/// </summary>
public static class RefuseRequestObjects
{
    private const string RefusalProperty = "Identity.RequestObjectRefusal";

    private sealed record Refusal(string Error, string Parameter);

    /// <summary>OpenIddict's own early checks, replaced by <see cref="SetAside"/>.</summary>
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Replaced =>
        [ValidateRequestParameter.Descriptor, ValidateRequestUriParameter.Descriptor];

    /// <summary>
    /// Notes which parameter was sent and removes it, so OpenIddict neither refuses early nor tries to resolve a
    /// <c>request_uri</c> as a pushed request of its own.
    /// </summary>
    public sealed class SetAside : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseSingletonHandler<SetAside>()
                .SetOrder(ValidateRequestParameter.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var refusal = !string.IsNullOrEmpty(context.Request.Request) ? new Refusal(Errors.RequestNotSupported, Parameters.Request)
                : !string.IsNullOrEmpty(context.Request.RequestUri) ? new Refusal(Errors.RequestUriNotSupported, Parameters.RequestUri)
                : null;
            if (refusal is not null)
            {
                context.Transaction.SetProperty(RefusalProperty, refusal);
                context.Request.Request = null;
                context.Request.RequestUri = null;
            }
            return default;
        }
    }

    /// <summary>Refuses the validated request before anything else handles it: the refusal goes back to the redirect URI.</summary>
    public sealed class Refuse : IOpenIddictServerHandler<HandleAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleAuthorizationRequestContext>()
                .UseSingletonHandler<Refuse>()
                .SetOrder(int.MinValue + 50_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(HandleAuthorizationRequestContext context)
        {
            if (context.Transaction.GetProperty<Refusal>(RefusalProperty) is { } refusal)
            {
                context.Reject(error: refusal.Error, description: $"The '{refusal.Parameter}' parameter is not supported.");
            }
            return default;
        }
    }
}
