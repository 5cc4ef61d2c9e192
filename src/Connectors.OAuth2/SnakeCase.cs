using System.Text.RegularExpressions;

namespace Connectors.OAuth2;

/// <summary>
/// Logto's key casing (<c>snakecase-keys</c>, which uses <c>snake-case</c>/<c>no-case</c> 3.x): split between a
/// lower-case letter or digit and an upper-case letter, and before the last capital of an acronym; treat every run of
/// characters other than ASCII letters and digits as a separator; lower-case and join with <c>_</c>. So
/// <c>accessType</c> → <c>access_type</c>, <c>access_type</c> → <c>access_type</c>, <c>XMLHttp</c> → <c>xml_http</c>.
/// </summary>
internal static partial class SnakeCase
{
    private const string Separator = "\0";

    public static string Convert(string key)
    {
        ArgumentNullException.ThrowIfNull(key);

        var split = LowerOrDigitThenUpper().Replace(key, "$1" + Separator + "$2");
        split = UpperThenCapitalizedWord().Replace(split, "$1" + Separator + "$2");
        split = NotAsciiLetterOrDigit().Replace(split, Separator);

        var words = split.Split(Separator[0], StringSplitOptions.RemoveEmptyEntries);
        return string.Join('_', words).ToLowerInvariant();
    }

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex LowerOrDigitThenUpper();

    [GeneratedRegex("([A-Z])([A-Z][a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex UpperThenCapitalizedWord();

    [GeneratedRegex("[^A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotAsciiLetterOrDigit();
}
