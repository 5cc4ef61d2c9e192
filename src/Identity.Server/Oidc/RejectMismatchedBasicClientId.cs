using System.Text;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace Identity.Server.Oidc;

/// <summary>
/// @logto/node sends HTTP Basic credentials and also <c>client_id</c> in the body. OpenIddict takes the Basic identity;
/// this handler makes sure a body <c>client_id</c>, when present, names the same client (as node-oidc-provider does),
/// so a request can never authenticate as one client while claiming to be another.
/// </summary>
public sealed class RejectMismatchedBasicClientId<TContext> : IOpenIddictServerHandler<TContext>
    where TContext : OpenIddictServerEvents.BaseValidatingContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<RejectMismatchedBasicClientId<TContext>>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractBasicAuthenticationCredentials<TContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(TContext context)
    {
        var bodyClientId = context.Transaction.Request?.ClientId;
        var header = context.Transaction.GetHttpRequest()?.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(bodyClientId) || string.IsNullOrEmpty(header) ||
            !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        string? basicClientId = null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var separator = decoded.IndexOf(':', StringComparison.Ordinal);
            basicClientId = separator < 0 ? null : Uri.UnescapeDataString(decoded[..separator]);
        }
        catch (FormatException)
        {
            // Malformed headers are reported by OpenIddict's own Basic handler, which runs next.
            return default;
        }

        if (basicClientId is not null && !string.Equals(basicClientId, bodyClientId, StringComparison.Ordinal))
        {
            context.Reject(
                error: OpenIddictConstants.Errors.InvalidClient,
                description: "The client_id in the request body does not match the client authenticated with HTTP Basic.");
        }
        return default;
    }
}
