namespace Identity.Core.Social;

/// <summary>Every user-facing text of the social sign-in journey, in one place.</summary>
public static class SocialMessages
{
    // Templates: {0} is the connector's name. The hosted pages translate the template, then fill it in.
    public const string Cancelled = "Sign-in with {0} was cancelled.";

    public const string Failed = "Sign-in with {0} failed.";

    public const string CannotContinue = "This sign-in cannot continue";

    public const string NotRegistered = "The social account has not been registered yet.";

    public const string Locked = "This account is locked. Try again later, or ask the administrator.";

    public const string InvalidAttempt = "This sign-in attempt has expired or was already used. Please start again.";

    public const string ConnectorGone = "This sign-in option is no longer available.";

    public const string Upstream = "The sign-in provider could not be reached or did not answer in time. Please try again later.";

    // What a connector failure tells the user: what failed, in words, never the provider's text (which may quote what
    // was sent to it, or be an internal service's answer). The log has the details under the page's reference.
    public const string ProviderRefused = "The sign-in could not be completed: the provider refused it.";

    public const string ProviderAnswerUnusable = "The sign-in could not be completed: the provider's answer could not be used.";

    public const string WrongIssuer = "The sign-in could not be completed: the answer did not come from the expected provider.";

    public const string Misconfigured = "The sign-in could not be completed: this sign-in option is not set up correctly. Please tell the administrator.";

    /// <summary>The user's words for a connector failure.</summary>
    public static string ForConnectorError(Connectors.Abstractions.ConnectorErrorCode code) => code switch
    {
        Connectors.Abstractions.ConnectorErrorCode.UpstreamUnavailable => Upstream,
        Connectors.Abstractions.ConnectorErrorCode.AuthorizationFailed => ProviderRefused,
        Connectors.Abstractions.ConnectorErrorCode.InvalidResponse => ProviderAnswerUnusable,
        Connectors.Abstractions.ConnectorErrorCode.IssuerMismatch => WrongIssuer,
        _ => Misconfigured,
    };
}
