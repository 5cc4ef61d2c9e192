namespace Connectors.OAuth2;

/// <summary>How the token endpoint's body is expected to be encoded (<c>tokenEndpointResponseType</c>).</summary>
public enum OAuth2TokenEndpointResponseType
{
    /// <summary><c>query-string</c>: <c>access_token=...&amp;token_type=...</c>, as GitHub answers by default (Logto's default).</summary>
    QueryString,

    /// <summary><c>json</c>: a JSON object, as RFC 6749 §5.1 specifies.</summary>
    Json,
}
