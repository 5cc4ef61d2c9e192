using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Issues ID tokens without a row in the token table. An ID token is a signed statement for the client, never a
/// credential this server accepts back (at most a hint at authorize and end-session, checked by signature, issuer and
/// subject), so its row was never read, and it cost a database write on every code exchange and refresh (one of four
/// on a refresh, measured in bench/). OpenIddict treats a token without an identifier as one without an entry.
/// Access tokens, codes and refresh tokens keep their rows: revocation and reuse detection depend on them.
/// </summary>
public sealed class IdentityTokensWithoutEntries : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<IdentityTokensWithoutEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }
        return default;
    }
}
