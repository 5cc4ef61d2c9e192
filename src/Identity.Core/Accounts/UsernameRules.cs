using System.Text.RegularExpressions;

namespace Identity.Core.Accounts;

/// <summary>
/// Logto's username rule: letters, digits and underscore, not starting with a digit, 1 to 128 characters.
/// Uniqueness is case-insensitive because ASP.NET Core Identity compares normalized (upper-cased) names.
/// </summary>
public static partial class UsernameRules
{
    public const int MaxLength = 128;

    public static bool IsValid(string? username) =>
        !string.IsNullOrEmpty(username) && username.Length <= MaxLength && Pattern().IsMatch(username);

    // \z, not $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
