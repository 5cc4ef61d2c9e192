using System.Text.Json;

namespace Connectors.OAuth2;

/// <summary>
/// Reads a token endpoint body that may be JSON or form-encoded into one JSON object, so that the fields are checked
/// the same way whatever the encoding (form values are all strings).
/// </summary>
internal static class UpstreamBody
{
    private static readonly string[] TokenFields = ["access_token", "refresh_token", "id_token"];

    public enum Kind
    {
        Empty,
        Html,
        Json,
        Form,
    }

    /// <summary>
    /// Which encoding to read: the declared one, unless the body is unambiguously the other (<c>{</c> first means JSON;
    /// an <c>=</c> and no <c>{</c> means form). A body that starts with <c>&lt;</c> is HTML, whatever was declared.
    /// </summary>
    public static Kind Sniff(string body, OAuth2TokenEndpointResponseType declared)
    {
        var trimmed = body.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (trimmed.IsEmpty)
        {
            return Kind.Empty;
        }

        if (trimmed[0] == '<')
        {
            return Kind.Html;
        }

        if (trimmed[0] == '{')
        {
            return Kind.Json;
        }

        if (trimmed.Contains('=') && !trimmed.Contains('{'))
        {
            return Kind.Form;
        }

        return declared == OAuth2TokenEndpointResponseType.Json ? Kind.Json : Kind.Form;
    }

    /// <summary>Parses the body as <paramref name="kind"/>; false when it is not valid JSON (form always parses).</summary>
    public static bool TryParse(string body, Kind kind, out JsonElement value)
    {
        if (kind == Kind.Form)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, text) in FormUrlEncoding.Parse(body.Trim()))
            {
                // A repeated key keeps its first value.
                fields.TryAdd(key, text);
            }

            value = JsonSerializer.SerializeToElement(fields);
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>
    /// Reads the body as <see cref="Sniff"/> decides: the fields as one JSON value, or null when the body is empty, HTML
    /// or not valid JSON.
    /// </summary>
    public static JsonElement? Read(string body, OAuth2TokenEndpointResponseType declared)
    {
        var kind = Sniff(body, declared);
        return kind is not (Kind.Empty or Kind.Html) && TryParse(body, kind, out var value) ? value : null;
    }

    /// <summary>
    /// The token values in the fields (<c>access_token</c>, <c>refresh_token</c>, <c>id_token</c>), so that a failure
    /// quoting the body can redact them.
    /// </summary>
    public static IEnumerable<string> TokenValues(JsonElement? fields) =>
        fields is { ValueKind: JsonValueKind.Object } value
            ? TokenFields
                .Select(name => value.TryGetProperty(name, out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null)
                .OfType<string>()
            : [];

    /// <summary>Reads <c>error</c> and <c>error_description</c> (RFC 6749 §5.2) from the fields, when they have them.</summary>
    public static bool TryReadOAuthError(JsonElement? fields, out string error, out string? description)
    {
        error = string.Empty;
        description = null;
        if (fields is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("error", out var errorElement)
            || errorElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(errorElement.GetString()))
        {
            return false;
        }

        error = errorElement.GetString()!;
        description = value.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return true;
    }
}
