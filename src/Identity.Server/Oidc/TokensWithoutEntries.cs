using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Issues ID tokens and access tokens without a row in the token table: both are signed JWTs that carry everything a
/// check needs. A row per token was the largest cost of the token path (an insert through EF Core's change tracker on
/// every grant, measured in bench/), and Logto's engine stores none for JWT access tokens either.
/// <list type="bullet">
/// <item>An ID token is never a credential this server accepts back (at most a hint at authorize and end-session,
/// checked by signature, issuer and subject), so its row was never read.</item>
/// <item>An access token is checked by its signature and expiry, its grant's authorization (revoked when the user's
/// grants are, the user is locked or changes password; deleted with its application), its application when it has no
/// authorization (client credentials), and the marks of <see cref="AccessTokenRevocations"/> (see
/// <see cref="CheckAccessTokenState"/>).</item>
/// </list>
/// Codes and refresh tokens keep their rows: redemption and reuse detection depend on them. OpenIddict treats a token
/// without an identifier as one without an entry.
/// </summary>
public sealed class TokensWithoutEntries : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<TokensWithoutEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.IdentityToken or TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }
        return default;
    }
}
