using System.Text;

namespace Connectors.OAuth2;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> as the WHATWG URL standard (and so <c>URLSearchParams</c>) writes it:
/// ASCII letters, digits and <c>*-._</c> stay, a space becomes <c>+</c>, every other UTF-8 byte becomes <c>%XX</c>.
/// Used for the authorization URL's query, the token request's body and the Basic credentials alike.
/// </summary>
internal static class FormUrlEncoding
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_' || char.IsAsciiLetterOrDigit((char)b))
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Serializes pairs in order as <c>k1=v1&amp;k2=v2</c>.</summary>
    public static string Serialize(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(pair => Encode(pair.Key) + "=" + Encode(pair.Value)));

    /// <summary>
    /// Parses a form-encoded body into its pairs, in order. A leading <c>?</c> is skipped, empty pieces are ignored and
    /// a piece without <c>=</c> has an empty value, as the <c>query-string</c> package Logto uses does.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var piece in body.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? piece : piece[..equals];
            var value = equals < 0 ? string.Empty : piece[(equals + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return pairs;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
