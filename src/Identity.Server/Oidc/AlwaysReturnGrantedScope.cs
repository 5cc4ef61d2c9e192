using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Logto's JS SDK drops a stored token set that has no <c>scope</c>, and Python's requires <c>expires_in</c>:
/// every token response names the granted scopes (OpenIddict leaves them out when they equal the requested ones).
/// </summary>
public sealed class AlwaysReturnGrantedScope : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<AlwaysReturnGrantedScope>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType is OpenIddictServerEndpointType.Token &&
            context.Response.AccessToken is not null &&
            string.IsNullOrEmpty(context.Response.Scope) &&
            context.AccessTokenPrincipal is { } principal)
        {
            context.Response.Scope = string.Join(' ', principal.GetScopes());
        }
        return default;
    }
}
