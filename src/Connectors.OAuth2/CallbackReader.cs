using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Reads the provider's callback: checks its issuer (RFC 9207), then reads an <c>error</c> (RFC 6749 §4.1.2.1) or the
/// authorization <c>code</c>.
/// </summary>
internal static class CallbackReader
{
    private const string Step = "callback";

    /// <param name="parameters">The callback's parameters.</param>
    /// <param name="expectedIssuer">The configured issuer the callback's <c>iss</c> must equal, or null for no check.</param>
    /// <param name="secrets">Values that must never appear in a message; the code is added to it.</param>
    public static string ReadCode(IReadOnlyDictionary<string, string> parameters, string? expectedIssuer, ICollection<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(secrets);

        parameters.TryGetValue("code", out var code);
        secrets.Add(code);

        // Before anything else, errors included: RFC 9207 section 2.4 has the client compare iss before it processes
        // any part of the response, since a response from another provider must not be acted on at all.
        CheckIssuer(parameters, expectedIssuer, secrets);

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

    private static void CheckIssuer(IReadOnlyDictionary<string, string> parameters, string? expectedIssuer, ICollection<string?> secrets)
    {
        // No issuer configured: an iss on the callback has nothing to be compared with, so it is ignored, as it was before
        // the setting existed (Logto's connector has no issuer either). Trusting the provider's own value would prove nothing.
        if (expectedIssuer is null)
        {
            return;
        }

        if (!parameters.TryGetValue("iss", out var issuer) || issuer.Length == 0)
        {
            throw new ConnectorException(
                ConnectorErrorCode.IssuerMismatch,
                $"{Step}: 'iss' is missing, but the connector expects the issuer '{expectedIssuer}' (RFC 9207)");
        }

        // Exact, ordinal comparison (RFC 9207 section 2.4): no case folding, no trailing-slash forgiveness.
        if (!string.Equals(issuer, expectedIssuer, StringComparison.Ordinal))
        {
            throw new ConnectorException(
                ConnectorErrorCode.IssuerMismatch,
                $"{Step}: 'iss' is '{UpstreamText.Quote(issuer, secrets, 100)}', but the connector expects the issuer '{expectedIssuer}' (RFC 9207)");
        }
    }
}
