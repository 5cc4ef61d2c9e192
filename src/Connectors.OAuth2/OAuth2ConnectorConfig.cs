using System.Text;

namespace Connectors.OAuth2;

/// <summary>
/// A validated configuration of the OAuth 2.0 connector, produced by <see cref="OAuth2ConnectorFactory.ValidateConfig"/>.
/// The JSON names are Logto's (camelCase); <c>responseType</c> and <c>grantType</c> are not kept because each has a
/// single allowed value (<c>code</c>, <c>authorization_code</c>).
/// </summary>
/// <param name="AuthorizationEndpoint">Where the user's browser is sent (<c>authorizationEndpoint</c>).</param>
/// <param name="TokenEndpoint">Where the code is exchanged (<c>tokenEndpoint</c>).</param>
/// <param name="UserInfoEndpoint">Where the user info is read with the access token (<c>userInfoEndpoint</c>).</param>
/// <param name="ClientId">The client id registered at the provider (<c>clientId</c>).</param>
/// <param name="ClientSecret">The client secret (<c>clientSecret</c>); never printed by <see cref="object.ToString"/>.</param>
/// <param name="Scope">The space-separated scopes to request, or null to send no <c>scope</c> (<c>scope</c>).</param>
/// <param name="TokenEndpointAuthMethod">How the client authenticates at the token endpoint.</param>
/// <param name="TokenEndpointResponseType">How the token endpoint's body is expected to be encoded.</param>
/// <param name="CustomConfig">
/// Extra parameters, in config order, added (snake-cased) to both the authorization URL and the token request; they
/// replace same-named parameters, as Logto's object spread does (<c>customConfig</c>).
/// </param>
/// <param name="ProfileMap">Where each profile field is read in the user info (<c>profileMap</c>).</param>
/// <param name="UsePkce">Whether to send a PKCE S256 challenge and verifier (<c>usePkce</c>; not in Logto).</param>
/// <param name="Issuer">
/// The provider's issuer identifier, or null (<c>issuer</c>; not in Logto). When set, every callback must carry it as
/// <c>iss</c> (RFC 9207). Kept exactly as configured: the check is an exact string comparison, and parsing it as a
/// <see cref="Uri"/> would add a trailing slash.
/// </param>
public sealed record OAuth2ConnectorConfig(
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri UserInfoEndpoint,
    string ClientId,
    string ClientSecret,
    string? Scope,
    OAuth2TokenEndpointAuthMethod TokenEndpointAuthMethod,
    OAuth2TokenEndpointResponseType TokenEndpointResponseType,
    IReadOnlyDictionary<string, string> CustomConfig,
    OAuth2ProfileMap ProfileMap,
    bool UsePkce,
    string? Issuer)
{
    // The compiler-generated ToString would print the client secret into any log line that formats the config.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AuthorizationEndpoint = ").Append(AuthorizationEndpoint)
            .Append(", TokenEndpoint = ").Append(TokenEndpoint)
            .Append(", UserInfoEndpoint = ").Append(UserInfoEndpoint)
            .Append(", ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ***")
            .Append(", Scope = ").Append(Scope)
            .Append(", TokenEndpointAuthMethod = ").Append(TokenEndpointAuthMethod)
            .Append(", TokenEndpointResponseType = ").Append(TokenEndpointResponseType)
            .Append(", CustomConfig = [").AppendJoin(", ", CustomConfig.Keys).Append(']')
            .Append(", ProfileMap = ").Append(ProfileMap)
            .Append(", UsePkce = ").Append(UsePkce)
            .Append(", Issuer = ").Append(Issuer);
        return true;
    }
}
