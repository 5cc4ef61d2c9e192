using System.Text;
using System.Text.Json;

namespace Connectors.OAuth2;

/// <summary>
/// Makes text that came from upstream (error descriptions, error bodies, odd values) safe to put in an exception
/// message: control characters become spaces, known secrets are replaced, and the result is cut short.
/// </summary>
internal static class UpstreamText
{
    /// <summary>How much upstream text a message may quote.</summary>
    public const int MaxLength = 200;

    private const string Redacted = "[redacted]";

    public static string Quote(string? text, IEnumerable<string?> secrets, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        // A provider may echo a value as it was sent (form-encoded) or inside JSON (escaped), so each spelling is replaced.
        // Longest first, so a secret that contains another one is replaced whole.
        var spellings = secrets
            .OfType<string>()
            .Where(s => s.Length > 0)
            .SelectMany(s => new[] { s, FormUrlEncoding.Encode(s), Uri.EscapeDataString(s), JsonEncodedText.Encode(s).ToString() })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length);
        foreach (var secret in spellings)
        {
            builder.Replace(secret, Redacted);
        }

        var quoted = builder.ToString().Trim();
        return quoted.Length <= maxLength ? quoted : string.Concat(quoted.AsSpan(0, maxLength), "…");
    }

    /// <summary>An upstream OAuth error (RFC 6749 §4.1.2.1, §5.2) as <c>'invalid_grant': description</c>, quoted safely.</summary>
    public static string OAuthError(string error, string? description, IEnumerable<string?> secrets)
    {
        var secretList = secrets as IReadOnlyCollection<string?> ?? [.. secrets];
        var text = $"'{Quote(error, secretList, 100)}'";
        var quotedDescription = Quote(description, secretList);
        return quotedDescription.Length == 0 ? text : $"{text}: {quotedDescription}";
    }
}
