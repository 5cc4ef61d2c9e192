namespace Identity.Core;

/// <summary>
/// How wide the database columns of admin-defined values are: the data model sets the columns from these, and the
/// admin's bounds (which may be tighter, never wider) from the same numbers.
/// </summary>
public static class StoredLengths
{
    /// <summary>Ids, client ids, connector ids and targets.</summary>
    public const int Id = 100;

    /// <summary>Connector names and the sign-in experience's app name.</summary>
    public const int Name = 100;

    /// <summary>URLs: connector logos, branding links, redirect URIs of a social attempt.</summary>
    public const int Uri = 2048;

    /// <summary>
    /// An API resource's indicator: a URI, but a unique index too (SQL Server's index keys end at 1,700 bytes).
    /// </summary>
    public const int ResourceIndicator = 512;

    /// <summary>A resource scope's name (Logto allows up to 256 characters).</summary>
    public const int ScopeName = 256;

    /// <summary>Descriptions of resource scopes and roles.</summary>
    public const int Description = 512;

    /// <summary>A custom phrase's language tag (RFC 5646 asks for at least 35 characters; see Phrases/LanguageTags).</summary>
    public const int LanguageTag = 35;
}
