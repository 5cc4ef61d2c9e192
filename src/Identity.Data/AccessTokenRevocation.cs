namespace Identity.Data;

/// <summary>
/// A mark that ends access tokens before their expiry. Access tokens are signed JWTs without a row of their own (the
/// token path writes none for them), so revoking one, or the chain of tokens of a grant whose code or refresh token was
/// replayed, leaves a mark here that every check of an access token reads. A mark is kept only while a token it ends
/// could still be valid (<see cref="ExpiresAt"/>); the cleanup removes it after.
/// </summary>
public sealed class AccessTokenRevocation
{
    public const int MaxIdLength = 128;

    /// <summary><c>jti:</c> and the token's <c>jti</c>, or <c>authorization:</c> and the grant's authorization id.</summary>
    public required string Id { get; set; }

    /// <summary>Unix seconds: an authorization's mark ends the tokens issued at or before it.</summary>
    public long RevokedAt { get; set; }

    /// <summary>Unix seconds: from then on no token this mark ends can be valid, so it may be removed.</summary>
    public long ExpiresAt { get; set; }
}
