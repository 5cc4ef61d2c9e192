namespace Identity.Core.Social;

/// <summary>Every user-facing text of the social sign-in journey, in one place.</summary>
public static class SocialMessages
{
    public static string Cancelled(string connectorName) => $"Sign-in with {connectorName} was cancelled.";

    public static string Failed(string connectorName) => $"Sign-in with {connectorName} failed.";

    public const string NotRegistered = "The social account has not been registered yet.";

    public const string InvalidAttempt = "This sign-in attempt has expired or was already used. Please start again.";

    public const string ConnectorGone = "This sign-in option is no longer available.";

    public const string Upstream = "The sign-in provider could not be reached or did not answer in time. Please try again later.";
}
