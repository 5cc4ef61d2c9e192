using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>Builds the user info request and checks its answer: a JSON object, or a failure that names the status.</summary>
internal static class UserInfoReader
{
    private const string Step = "user info";

    public static HttpRequestMessage BuildRequest(Uri userInfoEndpoint, TokenResponse token)
    {
        ArgumentNullException.ThrowIfNull(userInfoEndpoint);
        ArgumentNullException.ThrowIfNull(token);

        // Logto copies token_type as given; providers answering "bearer" still expect "Bearer" (RFC 6750 §2.1), and the
        // scheme is case-insensitive anyway. Other types (e.g. "token", "MAC") are kept as the provider wrote them.
        var scheme = string.Equals(token.TokenType, "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer" : token.TokenType;

        var request = new HttpRequestMessage(HttpMethod.Get, userInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <param name="status">The HTTP status of the answer.</param>
    /// <param name="body">The body as text.</param>
    /// <param name="secrets">Values that must never appear in a message (secret, code, tokens).</param>
    public static JsonElement Parse(HttpStatusCode status, string body, IReadOnlyCollection<string?> secrets)
    {
        var code = (int)status;
        if (code is >= 300 and <= 399)
        {
            // Redirects are not followed, so that the access token is never sent to another host.
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{Step}: the user info endpoint answered with a redirect (HTTP {code}), which is not followed; check userInfoEndpoint");
        }

        if (code is < 200 or > 299)
        {
            var quoted = UpstreamText.Quote(body, secrets);
            var detail = quoted.Length == 0 ? string.Empty : ": " + quoted;
            var (errorCode, what) = code switch
            {
                401 or 403 => (ConnectorErrorCode.AuthorizationFailed, "refused the access token"),
                408 or 429 or >= 500 => (ConnectorErrorCode.UpstreamUnavailable, "is unavailable"),
                _ => (ConnectorErrorCode.AuthorizationFailed, "refused the request"),
            };
            throw new ConnectorException(errorCode, $"{Step}: the user info endpoint {what} (HTTP {code}){detail}");
        }

        JsonElement userInfo;
        try
        {
            using var document = JsonDocument.Parse(body);

            // Cloned, so the profile's RawData outlives the parsed document.
            userInfo = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            var html = body.AsSpan().TrimStart().StartsWith("<");
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                html ? $"{Step}: the user info endpoint returned HTML, not JSON" : $"{Step}: the body is not valid JSON");
        }

        if (userInfo.ValueKind != JsonValueKind.Object)
        {
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{Step}: the body is {JsonKindText.Describe(userInfo.ValueKind)}, expected a JSON object");
        }

        return userInfo;
    }
}
