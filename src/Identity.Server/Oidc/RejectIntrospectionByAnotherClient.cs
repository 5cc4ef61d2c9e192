using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Only the client a token was issued to, or a resource server an access token is for (a client among its audiences),
/// may learn anything about it at introspection (RFC 7662 2.2 and 4). OpenIddict's own check (its
/// <c>Introspection.ValidateAuthorizedParty</c>) refuses another client only when an access token names an audience as
/// well as a presenter, and takes a token without an audience to be meant for anyone. Our access tokens name no
/// audience (there are no API resources yet), so any confidential client was told the subject, client, identifier and
/// lifetime of any access token. This handler takes that check's place. Another client's token is refused as
/// <c>invalid_token</c>, which OpenIddict answers with 200 and only <c>{"active":false}</c>: the same answer as for an
/// unknown or expired token, so the caller cannot tell them apart.
/// </summary>
public sealed partial class RejectIntrospectionByAnotherClient : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
{
    /// <summary>OpenIddict's check, replaced by this one.</summary>
    public static OpenIddictServerHandlerDescriptor Replaced => OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<RejectIntrospectionByAnotherClient>()
            .SetOrder(Replaced.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
    {
        var caller = context.ClientId;
        // Audiences count for access tokens only: a resource server is shown access tokens, never refresh tokens.
        if (context.GenericTokenPrincipal is { } token && !string.IsNullOrEmpty(caller) &&
            (token.HasPresenter(caller) || (token.HasTokenType(TokenTypeIdentifiers.AccessToken) && token.HasAudience(caller))))
        {
            return default;
        }

        LogRefused(context.Logger, caller);
        context.Reject(error: Errors.InvalidToken, description: "The token was not issued to this client, nor is it meant for it.");
        return default;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Introspection by client {ClientId} answered inactive: the token was issued to another client and is not meant for it.")]
    private static partial void LogRefused(ILogger logger, string? clientId);
}
