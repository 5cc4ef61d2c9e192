namespace Identity.Data;

/// <summary>
/// A signed-in session, kept on the server: the browser's cookie holds only <see cref="Id"/>, so signing out deletes
/// the session for good (a copied cookie is dead), and every instance sees the same sessions.
/// </summary>
public sealed class SessionRecord
{
    /// <summary>A random key (base64url of 32 bytes), the only thing the cookie carries.</summary>
    public required string Id { get; set; }

    /// <summary>The authentication ticket, serialized and protected with the Data Protection key ring.</summary>
    public required string ProtectedTicket { get; set; }

    public string? UserId { get; set; }

    /// <summary>When the session ends (Unix milliseconds, so every provider can compare it).</summary>
    public long ExpiresAt { get; set; }
}
