using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connectors.OAuth2;

/// <summary>
/// Makes text that came from upstream (error descriptions, error bodies, odd values) safe to put in an exception
/// message, which the server logs (and never shows to users): control characters become spaces, known secrets are
/// replaced in every spelling, so is any credential an <c>Authorization</c> header or a Basic/Bearer value carries, and
/// the result is cut short.
/// </summary>
internal static partial class UpstreamText
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

        // Credentials whose value is not known here (another client's, a token of the provider's own) are recognised by
        // their shape: a header echoed as text or JSON, and a Basic or Bearer credential wherever it appears.
        text = AuthorizationHeaderValue().Replace(text, "${name}" + Redacted);
        text = SchemeCredential().Replace(text, "${scheme} " + Redacted);

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

    // "Authorization: Basic abc", "authorization=...", "\"Authorization\":\"Bearer x\"": the value, to the end of the
    // line or the next separator.
    [GeneratedRegex("""(?<name>(?:proxy-)?authorization"?\s*[:=]\s*"?)[^\r\n"|&,;]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeaderValue();

    [GeneratedRegex(@"\b(?<scheme>Basic|Bearer)\s+(?!\[redacted\])[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeCredential();

    /// <summary>An upstream OAuth error (RFC 6749 §4.1.2.1, §5.2) as <c>'invalid_grant': description</c>, quoted safely.</summary>
    public static string OAuthError(string error, string? description, IEnumerable<string?> secrets)
    {
        var secretList = secrets as IReadOnlyCollection<string?> ?? [.. secrets];
        var text = $"'{Quote(error, secretList, 100)}'";
        var quotedDescription = Quote(description, secretList);
        return quotedDescription.Length == 0 ? text : $"{text}: {quotedDescription}";
    }
}
