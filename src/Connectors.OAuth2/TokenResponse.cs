namespace Connectors.OAuth2;

/// <summary>The parts of a token response (RFC 6749 §5.1) the connector uses or must keep out of messages.</summary>
/// <param name="AccessToken">The access token for the user info call.</param>
/// <param name="TokenType">The token type as the provider sent it, <c>Bearer</c> when it sent none.</param>
/// <param name="ExpiresIn">The lifetime in seconds, if given.</param>
/// <param name="RefreshToken">The refresh token, if given (only kept so that it can be redacted).</param>
/// <param name="Scope">The granted scopes, if given.</param>
internal sealed record TokenResponse(string AccessToken, string TokenType, double? ExpiresIn, string? RefreshToken, string? Scope)
{
    // A record prints every member; these two must never reach a log line.
    public override string ToString() => $"TokenResponse {{ TokenType = {TokenType}, ExpiresIn = {ExpiresIn}, Scope = {Scope} }}";
}
