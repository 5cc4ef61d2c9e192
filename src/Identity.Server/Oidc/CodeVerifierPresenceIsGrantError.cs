using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// A code redeemed without the verifier its challenge demands, or with a verifier although no challenge was sent (a
/// PKCE downgrade, RFC 9700 2.1.1), is refused as invalid_grant: the code is what fails to match, as when the
/// verifier is wrong (RFC 7636 4.6), and the conformance suite and node-oidc-provider answer so. OpenIddict refuses
/// both, but as invalid_request, which tells a client to fix its request rather than that this code is unusable.
/// Runs once the code is decrypted and before OpenIddict's own PKCE checks, which then never see these two cases.
/// </summary>
public sealed class CodeVerifierPresenceIsGrantError : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<CodeVerifierPresenceIsGrantError>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateProofKeyForCodeExchangeRequirement.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsAuthorizationCodeGrantType() || context.AuthorizationCodePrincipal is null)
        {
            return default;
        }

        var challenged = !string.IsNullOrEmpty(context.AuthorizationCodePrincipal.GetClaim(Claims.Private.CodeChallenge));
        var verified = !string.IsNullOrEmpty(context.Request.CodeVerifier);
        if (challenged && !verified)
        {
            context.Reject(error: Errors.InvalidGrant, description: "The authorization code was issued for a code_challenge; the code_verifier is missing.");
        }
        else if (!challenged && verified)
        {
            context.Reject(error: Errors.InvalidGrant, description: "The authorization code was issued without a code_challenge; a code_verifier cannot be used with it.");
        }
        return default;
    }
}
