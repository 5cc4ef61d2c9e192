namespace Identity.Data;

/// <summary>
/// A token signing or encryption key shared by every instance. The key material is protected with the
/// Data Protection key ring (itself in the database), never stored in clear.
/// </summary>
public sealed class SigningKeyRecord
{
    /// <summary>The key id, published as <c>kid</c> in the JWKS.</summary>
    public required string Id { get; set; }

    /// <summary><c>sig</c> or <c>enc</c>.</summary>
    public required string Use { get; set; }

    public required string Algorithm { get; set; }

    public required string ProtectedMaterial { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
