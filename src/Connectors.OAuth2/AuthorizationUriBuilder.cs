using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Builds the authorization URL as Logto does: <c>response_type</c>, <c>client_id</c>, <c>scope</c> (when set),
/// <c>redirect_uri</c>, <c>state</c>, then the snake_cased <c>customConfig</c> entries, which replace same-named
/// parameters in place (object spread), then the PKCE challenge, which customConfig cannot override.
/// </summary>
internal static class AuthorizationUriBuilder
{
    public static Uri Build(OAuth2ConnectorConfig config, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);

        var parameters = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["response_type"] = "code",
            ["client_id"] = config.ClientId,
        };

        if (config.Scope is not null)
        {
            parameters["scope"] = config.Scope;
        }

        parameters["redirect_uri"] = request.RedirectUri.AbsoluteUri;
        parameters["state"] = request.State;

        foreach (var (key, value) in config.CustomConfig)
        {
            parameters[SnakeCase.Convert(key)] = value;
        }

        if (request.CodeChallenge is not null)
        {
            // Removed first so that they come last whatever customConfig holds, and only with the S256 method.
            parameters.Remove("code_challenge");
            parameters.Remove("code_challenge_method");
            parameters["code_challenge"] = request.CodeChallenge;
            parameters["code_challenge_method"] = "S256";
        }

        // Unlike Logto, which always adds '?', keep an endpoint's own query and append to it.
        var endpoint = config.AuthorizationEndpoint.AbsoluteUri;
        var separator = endpoint.EndsWith('?') || endpoint.EndsWith('&') ? string.Empty
            : endpoint.Contains('?', StringComparison.Ordinal) ? "&"
            : "?";

        return new Uri(endpoint + separator + FormUrlEncoding.Serialize(parameters), UriKind.Absolute);
    }
}
