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
}
