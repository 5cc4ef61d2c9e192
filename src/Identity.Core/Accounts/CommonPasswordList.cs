namespace Identity.Core.Accounts;

/// <summary>
/// The bundled list of common passwords (see <c>common-passwords.txt</c> for its origin), loaded once on first use.
/// </summary>
public static class CommonPasswordList
{
    private static readonly Lazy<HashSet<string>> Passwords = new(Load);

    public static bool Contains(string password) => Passwords.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordList).Assembly.GetManifestResourceStream("Identity.Core.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line);
            }
        }
        return set;
    }
}
