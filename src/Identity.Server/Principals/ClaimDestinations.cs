using System.Security.Claims;
using Identity.Admin;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Principals;

/// <summary>
/// Decides which token each claim goes into. Anything not listed goes nowhere: in particular ASP.NET Core Identity's
/// security stamp and any internal claim never leave the server.
/// </summary>
public static class ClaimDestinations
{
    public static IEnumerable<string> For(Claim claim)
    {
        var scopes = claim.Subject?.GetScopes() ?? [];
        switch (claim.Type)
        {
            case Claims.Subject:
                yield return Destinations.AccessToken;
                yield return Destinations.IdentityToken;
                break;

            case Claims.AuthenticationTime:
                yield return Destinations.IdentityToken;
                break;

            case Claims.Name or Claims.Picture or LogtoClaims.Username or LogtoClaims.CreatedAt or LogtoClaims.UpdatedAt
                when scopes.Contains(Scopes.Profile):
                yield return Destinations.IdentityToken;
                break;

            case Claims.Email or Claims.EmailVerified when scopes.Contains(Scopes.Email):
                yield return Destinations.IdentityToken;
                break;

            case Claims.PhoneNumber or Claims.PhoneNumberVerified when scopes.Contains(Scopes.Phone):
                yield return Destinations.IdentityToken;
                break;

            // Client-credentials tokens carry the application's name for resource servers' logs, and the grants they
            // were issued under, checked wherever this server accepts them (Oidc/CheckAccessTokenState.cs).
            case Claims.ClientId or ApplicationGrants.AccessTokenClaim:
                yield return Destinations.AccessToken;
                break;
        }
    }
}
