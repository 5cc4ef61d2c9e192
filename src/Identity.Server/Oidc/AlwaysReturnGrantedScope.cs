using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Logto's JS SDK drops a stored token set that has no <c>scope</c>: every successful token response names the granted
/// scopes. OpenIddict leaves <c>scope</c> out exactly when the granted scopes equal the requested ones, so in that case
/// the requested scopes are the answer.
/// </summary>
public sealed class AlwaysReturnGrantedScope : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<AlwaysReturnGrantedScope>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.AccessToken is not null && context.Response.Scope is null)
        {
            context.Response.Scope = context.Request?.Scope ?? string.Empty;
        }
        return default;
    }
}
