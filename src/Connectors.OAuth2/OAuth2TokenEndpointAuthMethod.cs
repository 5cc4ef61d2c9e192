namespace Connectors.OAuth2;

/// <summary>How the connector authenticates to the token endpoint (<c>tokenEndpointAuthMethod</c>).</summary>
public enum OAuth2TokenEndpointAuthMethod
{
    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body (Logto's default).</summary>
    ClientSecretPost,

    /// <summary><c>client_secret_basic</c>: <c>Authorization: Basic</c> with the form-encoded id and secret (RFC 6749 §2.3.1).</summary>
    ClientSecretBasic,
}
