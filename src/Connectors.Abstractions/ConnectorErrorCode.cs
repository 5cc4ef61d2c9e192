namespace Connectors.Abstractions;

/// <summary>The closed set of ways a connector can fail. The server turns each into what the user sees.</summary>
public enum ConnectorErrorCode
{
    /// <summary>The connector's configuration is unusable.</summary>
    InvalidConfig,

    /// <summary>The upstream provider answered with something the connector cannot use (wrong shape, type or missing field).</summary>
    InvalidResponse,

    /// <summary>The user cancelled or refused at the upstream provider (<c>error=access_denied</c>).</summary>
    AuthorizationCancelled,

    /// <summary>The upstream provider refused the sign-in (an error on the callback, or a code it would not redeem).</summary>
    AuthorizationFailed,

    /// <summary>The upstream provider could not be reached, timed out or failed (5xx).</summary>
    UpstreamUnavailable,

    /// <summary>Anything else.</summary>
    General,

    /// <summary>
    /// The callback's <c>iss</c> (RFC 9207) is missing or is not the issuer the connector expects: the response may come
    /// from another provider (a mix-up attack), so the code is not exchanged. Last, so values compiled into existing
    /// plugins keep their meaning.
    /// </summary>
    IssuerMismatch,
}
