namespace Identity.Core.Social;

/// <summary>How far a social sign-in attempt has got.</summary>
public enum SocialAttemptStage
{
    /// <summary>The user was sent to the provider; the callback has not come back yet.</summary>
    Started,

    /// <summary>The provider's profile arrived and the user must still pick a username.</summary>
    AwaitingUsername,
}

/// <summary>
/// Server-side state of one social sign-in, shared by every instance through the database. The state parameter and
/// the browser binding are stored only as hashes; the PKCE verifier and the received profile only protected.
/// </summary>
public sealed class SocialAttempt
{
    /// <summary>SHA-256 of the state parameter sent upstream (base64url).</summary>
    public required string Id { get; set; }

    /// <summary>SHA-256 of the random value in this browser's attempt cookie: the callback must come from the same browser.</summary>
    public required string BrowserBinding { get; set; }

    public required string ConnectorId { get; set; }

    public required string ReturnUrl { get; set; }

    /// <summary>The callback URI sent upstream; the token request must send the same one.</summary>
    public required string RedirectUri { get; set; }

    public string? ProtectedCodeVerifier { get; set; }

    public SocialAttemptStage Stage { get; set; }

    /// <summary>The provider's profile (protected JSON), kept while the user picks a username.</summary>
    public string? ProtectedProfile { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
