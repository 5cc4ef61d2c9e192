using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>Reads the provider's callback: an <c>error</c> (RFC 6749 §4.1.2.1) or the authorization <c>code</c>.</summary>
internal static class CallbackReader
{
    private const string Step = "callback";

    /// <param name="parameters">The callback's parameters.</param>
    /// <param name="secrets">Values that must never appear in a message; the code is added to it.</param>
    public static string ReadCode(IReadOnlyDictionary<string, string> parameters, ICollection<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secrets);

        parameters.TryGetValue("code", out var code);
        secrets.Add(code);

        // The error wins over a code: a provider that reports an error has not authorized anything.
        if (parameters.TryGetValue("error", out var error))
        {
            parameters.TryGetValue("error_description", out var description);
            var detail = UpstreamText.OAuthError(error, description, secrets);

            // Like ASP.NET Core's OAuth handler, access_denied is the user saying no, not a failure of the provider.
            if (error == "access_denied")
            {
                throw new ConnectorException(
                    ConnectorErrorCode.AuthorizationCancelled,
                    $"{Step}: the user cancelled the sign-in at the provider ({detail})");
            }

            throw new ConnectorException(ConnectorErrorCode.AuthorizationFailed, $"{Step}: the provider returned an error: {detail}");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw new ConnectorException(ConnectorErrorCode.AuthorizationFailed, $"{Step}: 'code' is missing");
        }

        return code;
    }
}
