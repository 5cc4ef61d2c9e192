using System.Globalization;
using System.Net;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Reads the token endpoint's answer. More lenient than Logto where providers commonly differ (a missing
/// <c>token_type</c> means Bearer, a numeric-string <c>expires_in</c> is a number, a body plainly in the other encoding
/// is read anyway) and stricter in what it says: every failure names the status or the field.
/// </summary>
internal static class TokenResponseParser
{
    private const string Request = "token request";
    private const string Response = "token response";

    /// <param name="status">The HTTP status of the answer.</param>
    /// <param name="body">The body as text.</param>
    /// <param name="declared">The configured <c>tokenEndpointResponseType</c>.</param>
    /// <param name="secrets">Values that must never appear in a message (secret, code, verifier).</param>
    public static TokenResponse Parse(HttpStatusCode status, string body, OAuth2TokenEndpointResponseType declared, IReadOnlyCollection<string?> secrets)
    {
        var kind = UpstreamBody.Sniff(body, declared);
        var parsed = UpstreamBody.Read(body, declared);

        // Whatever this answer is, a token in it must not end up in a message that quotes it.
        secrets = [.. secrets, .. UpstreamBody.TokenValues(parsed)];

        ThrowIfNotSuccess(status, body, parsed, secrets);

        switch (kind)
        {
            case UpstreamBody.Kind.Empty:
                throw Invalid("the body is empty");
            case UpstreamBody.Kind.Html:
                throw Invalid("the token endpoint returned HTML, not a token response");
        }

        if (parsed is not { } fields)
        {
            throw Invalid("the body is not valid JSON");
        }

        if (fields.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"the body is {JsonKindText.Describe(fields.ValueKind)}, expected a JSON object");
        }

        // Some providers (GitHub) answer a bad code with HTTP 200 and an error body.
        if (!fields.TryGetProperty("access_token", out _) && UpstreamBody.TryReadOAuthError(fields, out var error, out var description))
        {
            throw new ConnectorException(
                ConnectorErrorCode.AuthorizationFailed,
                $"{Response}: the token endpoint refused the code: {UpstreamText.OAuthError(error, description, secrets)}");
        }

        var accessToken = ReadAccessToken(fields);
        var tokenType = ReadTokenType(fields);
        var expiresIn = ReadExpiresIn(fields, secrets);

        // Not used, so a provider's odd type for these is no reason to fail the sign-in.
        var refreshToken = fields.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var scope = fields.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

        return new TokenResponse(accessToken, tokenType, expiresIn, refreshToken, scope);
    }

    private static void ThrowIfNotSuccess(HttpStatusCode status, string body, JsonElement? parsed, IReadOnlyCollection<string?> secrets)
    {
        var code = (int)status;
        if (code is >= 200 and <= 299)
        {
            return;
        }

        if (code is >= 300 and <= 399)
        {
            // Redirects are not followed: a code must not be re-posted to wherever a Location header points.
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{Request}: the token endpoint answered with a redirect (HTTP {code}), which is not followed; check tokenEndpoint");
        }

        var quotedBody = UpstreamText.Quote(body, secrets);
        if (code is 408 or 429 or >= 500)
        {
            throw new ConnectorException(
                ConnectorErrorCode.UpstreamUnavailable,
                $"{Request}: the token endpoint is unavailable (HTTP {code}){Suffix(quotedBody)}");
        }

        var detail = UpstreamBody.TryReadOAuthError(parsed, out var error, out var description)
            ? ": " + UpstreamText.OAuthError(error, description, secrets)
            : Suffix(quotedBody);
        throw new ConnectorException(ConnectorErrorCode.AuthorizationFailed, $"{Request}: the token endpoint refused the code (HTTP {code}){detail}");
    }

    private static string ReadAccessToken(JsonElement fields)
    {
        if (!fields.TryGetProperty("access_token", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid("'access_token' is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"'access_token' is {JsonKindText.Describe(value.ValueKind)}, expected a string");
        }

        var token = value.GetString()!;
        if (token.Length == 0)
        {
            throw Invalid("'access_token' is empty");
        }

        // It is sent back in a header, where a line break would be a header injection.
        if (token.Any(char.IsControl))
        {
            throw Invalid("'access_token' contains control characters");
        }

        return token;
    }

    private static string ReadTokenType(JsonElement fields)
    {
        // Logto requires token_type; many providers omit it (logto-io/logto#3518), and Bearer is what they mean.
        if (!fields.TryGetProperty("token_type", out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            return "Bearer";
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"'token_type' is {JsonKindText.Describe(value.ValueKind)}, expected a string");
        }

        var tokenType = value.GetString()!;

        // It becomes the Authorization header's scheme, which must be an HTTP token (RFC 9110 §5.6.2).
        if (!tokenType.All(IsTokenChar))
        {
            throw Invalid("'token_type' is not a valid authorization scheme (letters, digits and !#$%&'*+-.^_`|~ only)");
        }

        return tokenType;
    }

    private static double? ReadExpiresIn(JsonElement fields, IReadOnlyCollection<string?> secrets)
    {
        if (!fields.TryGetProperty("expires_in", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // A numeric string is accepted: form-encoded bodies have only strings, and some JSON ones too (logto-io/logto#5497).
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number))
        {
            return number;
        }

        var found = value.ValueKind == JsonValueKind.String
            ? $"'{UpstreamText.Quote(value.GetString(), secrets, 40)}'"
            : JsonKindText.Describe(value.ValueKind);
        throw Invalid($"'expires_in' is {found}, expected a number of seconds");
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static string Suffix(string quotedBody) => quotedBody.Length == 0 ? string.Empty : ": " + quotedBody;

    private static ConnectorException Invalid(string problem) => new(ConnectorErrorCode.InvalidResponse, $"{Response}: {problem}");
}
