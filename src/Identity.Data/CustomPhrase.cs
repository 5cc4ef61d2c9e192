namespace Identity.Data;

/// <summary>
/// One language's custom phrases (Logto's <c>custom_phrases</c>): the hosted-page phrases an admin replaced or
/// translated, as one JSON object of key (the English text) to text. One row per language rather than per phrase:
/// an admin replaces a language's phrases as a whole (PUT), which is then one row written in one statement, and the
/// pages read every language at once anyway.
/// </summary>
public sealed class CustomPhrase
{
    /// <summary>The BCP 47 tag in its conventional casing (<c>fr</c>, <c>pt-BR</c>, <c>zh-Hant</c>).</summary>
    public required string LanguageTag { get; set; }

    /// <summary>The phrases: a JSON object of key to text, every key a known phrase, every text validated.</summary>
    public required string Translation { get; set; }

    /// <summary>When it was last replaced (Unix milliseconds in the database).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
