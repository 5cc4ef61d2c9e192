using System.Globalization;
using System.Text.RegularExpressions;

namespace Identity.Core.Phrases;

/// <summary>BCP 47 language tags (RFC 5646): which are well-formed, and their conventional casing.</summary>
public static partial class LanguageTags
{
    /// <summary>RFC 5646 asks implementations to handle tags of at least 35 characters; longer ones are refused.</summary>
    public const int MaxLength = 35;

    /// <summary>
    /// The tag in its conventional casing (<c>pt-br</c> becomes <c>pt-BR</c>, <c>ZH-HANT</c> <c>zh-Hant</c>), or null
    /// when it is not a well-formed tag (language, then optional extended language, script, region, variants,
    /// extensions and private use) that .NET can make a culture of.
    /// </summary>
    public static string? Canonical(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxLength || !WellFormed().IsMatch(tag))
        {
            return null;
        }

        var subtags = tag.Split('-');
        var canonical = new string[subtags.Length];
        var afterSingleton = false;
        for (var i = 0; i < subtags.Length; i++)
        {
            var subtag = subtags[i];
            afterSingleton |= i > 0 && subtag.Length == 1;
            canonical[i] = !afterSingleton && i > 0 && subtag.Length == 4 && char.IsAsciiLetter(subtag[0])
                ? char.ToUpperInvariant(subtag[0]) + subtag[1..].ToLowerInvariant()
                : !afterSingleton && i > 0 && subtag.Length == 2
                    ? subtag.ToUpperInvariant()
                    : subtag.ToLowerInvariant();
        }
        var result = string.Join('-', canonical);

        try
        {
            _ = CultureInfo.GetCultureInfo(result);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
        return result;
    }

    // language (2-3 letters with up to three extended languages, or 4-8 letters), script, region, variants,
    // extensions (a singleton other than x and subtags of 2-8), private use (x and subtags of 1-8).
    [GeneratedRegex(@"^[a-zA-Z]{2,3}(-[a-zA-Z]{3}){0,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*(-[a-wyzA-WYZ0-9](-[a-zA-Z0-9]{2,8})+)*(-[xX](-[a-zA-Z0-9]{1,8})+)?$|^[a-zA-Z]{5,8}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?$")]
    private static partial Regex WellFormed();
}
