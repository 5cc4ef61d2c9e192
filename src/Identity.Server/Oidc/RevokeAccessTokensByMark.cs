using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Revocation (RFC 7009) of an access token that has no row (<see cref="TokensWithoutEntries"/>): its <c>jti</c> is
/// marked (<see cref="AccessTokenRevocations"/>) until its expiry, and every later check refuses it. OpenIddict's own
/// handler, which answers such a token with <c>unsupported_token_type</c>, still revokes every token that has a row
/// (refresh tokens, and access tokens issued before this change).
/// </summary>
public sealed class RevokeAccessTokensByMark(AccessTokenRevocations revocations, IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Replaced => OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeAccessTokensByMark>()
            .SetOrder(Replaced.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var token = context.GenericTokenPrincipal;
        if (token is not null && string.IsNullOrEmpty(token.GetTokenId()) && token.HasTokenType(TokenTypeIdentifiers.AccessToken)
            && token.GetClaim(Claims.JwtId) is { Length: > 0 } jti)
        {
            await revocations.RevokeTokenAsync(jti, token.GetExpirationDate(), context.CancellationToken);
            return;
        }
        await new OpenIddictServerHandlers.Revocation.RevokeToken(tokens).HandleAsync(context);
    }
}
