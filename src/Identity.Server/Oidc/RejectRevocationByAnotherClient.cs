using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Only the client a token was issued to may revoke it (RFC 7009 2.1). OpenIddict's own check (its
/// <c>Revocation.ValidateAuthorizedParty</c>) refuses another client's access token only when the token names an
/// audience as well as a presenter, and takes a token without an audience to be meant for anyone. Our access tokens
/// name no audience (there are no API resources yet), so any client could revoke any access token, the Management
/// API's included. This handler takes that check's place: the caller must be the token's presenter, the client it was
/// issued to, for access and refresh tokens alike. Another client's token is refused as <c>invalid_token</c>, which
/// OpenIddict answers with 200 and revokes nothing, as the RFC asks, so the caller does not learn that it exists.
/// </summary>
public sealed partial class RejectRevocationByAnotherClient : IOpenIddictServerHandler<ValidateRevocationRequestContext>
{
    /// <summary>OpenIddict's check, replaced by this one.</summary>
    public static OpenIddictServerHandlerDescriptor Replaced => OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateRevocationRequestContext>()
            .UseSingletonHandler<RejectRevocationByAnotherClient>()
            .SetOrder(Replaced.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateRevocationRequestContext context)
    {
        var caller = context.ClientId;
        if (context.GenericTokenPrincipal is { } token && !string.IsNullOrEmpty(caller) && token.HasPresenter(caller))
        {
            return default;
        }

        LogRefused(context.Logger, caller);
        context.Reject(error: Errors.InvalidToken, description: "The token was not issued to this client.");
        return default;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Revocation by client {ClientId} refused: the token was issued to another client. Nothing was revoked.")]
    private static partial void LogRefused(ILogger logger, string? clientId);
}
