using System.Globalization;
using System.Text;
using Identity.Admin.Definitions;

namespace Identity.AdminConsole.Applications;

/// <summary>How the application forms turn text into the admin services' values and back.</summary>
public static class FormText
{
    /// <summary>A textarea's lines, trimmed, without the empty ones (one URI per line).</summary>
    public static List<string> Lines(string? text) =>
        [.. (text ?? string.Empty).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)];

    public static string Lines(IEnumerable<string> values) => string.Join("\n", values);

    /// <summary>
    /// An id made from a name ("Bookstore Admin" → <c>bookstore-admin</c>): lowercase letters and digits, accents dropped,
    /// everything else a single '-'. Empty when nothing usable remains (the service then asks for an id).
    /// </summary>
    public static string Slug(string? name)
    {
        var slug = new StringBuilder();
        foreach (var c in (name ?? string.Empty).Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var id = slug.ToString().Trim('-');
        return id.Length > AdminLimits.MaxIdLength ? id[..AdminLimits.MaxIdLength].TrimEnd('-') : id;
    }

    /// <summary>The ids an input's <c>aria-describedby</c> names: its hint, and its error when it has one.</summary>
    public static string DescribedBy(FieldErrors errors, string field) =>
        errors.For(field) is null ? $"{field}-hint" : $"{field}-hint {field}-error";
}
