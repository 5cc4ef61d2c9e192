namespace Identity.Core.Social;

/// <summary>Where a social sign-in step leaves the user: the one place the pages read to decide what to show.</summary>
public abstract record SocialOutcome
{
    /// <summary>Signed in: continue to <paramref name="ReturnUrl"/> (the app's authorization request).</summary>
    public sealed record SignedIn(string ReturnUrl) : SocialOutcome;

    /// <summary>A new user must pick a username before the account is created.</summary>
    public sealed record NeedsUsername(string ConnectorName, string? SuggestedUsername) : SocialOutcome;

    /// <summary>The user cancelled at the provider: back to the sign-in page with a note.</summary>
    public sealed record Cancelled(string ConnectorName, string ReturnUrl) : SocialOutcome;

    /// <summary>The provider worked, but this server will not sign the user in (e.g. registration is closed).</summary>
    public sealed record Refused(string ConnectorName, string Message, string ReturnUrl) : SocialOutcome;

    /// <summary>
    /// The connector or the provider failed; <paramref name="Message"/> says what, for the error page.
    /// <paramref name="CallbackRefused"/>: what the callback carried was refused (an error from the provider, a code it
    /// would not redeem, a wrong <c>iss</c>), which whoever sends callbacks can cause at will, so it counts as a failed
    /// attempt; otherwise the provider or the connector failed (unreachable, an unusable answer), nobody's attempt.
    /// <paramref name="Reference"/>: the id the failure was logged under, for the user to quote to an admin.
    /// </summary>
    public sealed record Failed(
        string ConnectorName, string Message, string? ReturnUrl = null, bool CallbackRefused = false, string? Reference = null) : SocialOutcome;

    /// <summary>The callback's state is missing, unknown, expired, used, or from another browser. Nothing was called upstream.</summary>
    public sealed record InvalidAttempt : SocialOutcome;
}

/// <summary>Where to send the browser to start a social sign-in, and the value binding the attempt to this browser.</summary>
public sealed record SocialStart(Uri AuthorizationUri, string BrowserNonce, DateTimeOffset ExpiresAt);
