using Identity.Admin;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Principals;

/// <summary>
/// The claims of a token an application gets for itself (client credentials): the application is the subject, its
/// client id names it for resource servers' logs, and the version of its grants is checked wherever this server accepts
/// the token (<c>Oidc/CheckAccessTokenState.cs</c>). One list for <c>TokenController</c> and the direct path alike.
/// </summary>
public static class ApplicationClaims
{
    public static (string Type, string Value)[] For(string clientId, string grantsVersion) =>
    [
        (Claims.Subject, clientId),
        (Claims.ClientId, clientId),
        (ApplicationGrants.AccessTokenClaim, grantsVersion),
    ];
}
