using System.Net.Http.Headers;
using System.Text;

namespace Connectors.OAuth2;

/// <summary>
/// Builds the code exchange (RFC 6749 §4.1.3) as Logto does: a form POST of <c>grant_type</c>, <c>code</c>,
/// <c>redirect_uri</c>, the client credentials and the snake_cased <c>customConfig</c> entries (which replace
/// same-named fields, as Logto's object spread does), plus <c>code_verifier</c> when PKCE is used.
/// </summary>
internal static class TokenRequestBuilder
{
    public static HttpRequestMessage Build(OAuth2ConnectorConfig config, string code, Uri redirectUri, string? codeVerifier)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(redirectUri);

        var form = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["client_id"] = config.ClientId,
            ["client_secret"] = config.ClientSecret,
        };

        if (codeVerifier is not null)
        {
            form["code_verifier"] = codeVerifier;
        }

        foreach (var (key, value) in config.CustomConfig)
        {
            form[SnakeCase.Convert(key)] = value;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, config.TokenEndpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        if (config.TokenEndpointAuthMethod == OAuth2TokenEndpointAuthMethod.ClientSecretBasic)
        {
            // As Logto, the credentials move to the header and leave the form. Unlike Logto, they are form-encoded before
            // base64, as RFC 6749 §2.3.1 requires, so a secret containing ':' or '+' still reaches the provider intact.
            form.Remove("client_id");
            form.Remove("client_secret");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials(config));
        }

        request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormUrlEncoding.Serialize(form)))
        {
            // No charset parameter: the body is ASCII after encoding, and some providers reject an unexpected one.
            Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") },
        };

        return request;
    }

    /// <summary>The Basic credentials as sent: Base64 of the form-encoded <c>client_id:client_secret</c>.</summary>
    public static string BasicCredentials(OAuth2ConnectorConfig config) =>
        Base64(FormUrlEncoding.Encode(config.ClientId) + ":" + FormUrlEncoding.Encode(config.ClientSecret));

    /// <summary>
    /// Every spelling of the client's credentials a provider could echo back, beyond the secret itself: the Basic
    /// credentials as sent, and as Logto (and many clients) send them, Base64 of the pair without form-encoding.
    /// </summary>
    public static IEnumerable<string> CredentialSpellings(OAuth2ConnectorConfig config) =>
        [BasicCredentials(config), Base64(config.ClientId + ":" + config.ClientSecret)];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
