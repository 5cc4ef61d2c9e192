using System.Text.RegularExpressions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Refuses a <c>code_challenge</c> outside RFC 7636's syntax (4.2: 43 to 128 characters of <c>A-Z a-z 0-9 - . _ ~</c>).
/// OpenIddict accepts any string, so such a request used to reach the sign-in page and produce a code that no
/// verifier can ever redeem; answering invalid_request up front tells the app what is wrong (as node-oidc-provider does).
/// </summary>
public sealed partial class ValidateCodeChallengeSyntax : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateCodeChallengeSyntax>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateProofKeyForCodeExchangeParameters.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (context.Request.CodeChallenge is { } challenge && !ChallengeSyntax().IsMatch(challenge))
        {
            context.Reject(
                error: Errors.InvalidRequest,
                description: "The 'code_challenge' parameter must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.");
        }
        return default;
    }

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeSyntax();
}
