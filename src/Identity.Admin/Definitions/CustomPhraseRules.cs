using System.Globalization;
using Identity.Core.Phrases;

namespace Identity.Admin.Definitions;

/// <summary>
/// What a language's custom phrases must be, every problem reported at once: a well-formed BCP 47 tag
/// (<c>languageTag</c>), known phrase keys, and for each a non-empty text within <see cref="AdminLimits.MaxPhraseLength"/>
/// that keeps every placeholder of its key and adds none, so that formatting it on a page can never throw.
/// </summary>
public static class CustomPhraseRules
{
    public const string LanguageTagField = "languageTag";

    /// <summary>The tag in its conventional casing, or an error naming <c>languageTag</c>.</summary>
    public static string? CanonicalTag(string? languageTag, List<DefinitionError> errors)
    {
        var canonical = LanguageTags.Canonical(languageTag);
        if (canonical is null)
        {
            errors.Add(new DefinitionError(LanguageTagField, languageTag is { Length: > LanguageTags.MaxLength }
                ? $"must be at most {LanguageTags.MaxLength} characters (got {languageTag.Length})."
                : $"must be a BCP 47 language tag such as 'fr', 'pt-BR' or 'zh-Hant' (got '{languageTag}')."));
        }
        return canonical;
    }

    /// <summary>
    /// The problems of <paramref name="translation"/>, each named by its key; a null value stands for one that was
    /// not a JSON string.
    /// </summary>
    public static IReadOnlyList<DefinitionError> ValidateTranslation(IReadOnlyDictionary<string, string?> translation)
    {
        var errors = new List<DefinitionError>();
        foreach (var (key, value) in translation)
        {
            if (PhraseCatalog.Find(key) is not { } phrase)
            {
                errors.Add(new DefinitionError(key, "is not a phrase of the hosted pages (GET /api/custom-phrases/keys lists them)."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new DefinitionError(key, "must be a non-empty string."));
                continue;
            }
            if (value.Length > AdminLimits.MaxPhraseLength)
            {
                errors.Add(new DefinitionError(key, $"must be at most {AdminLimits.MaxPhraseLength} characters (got {value.Length})."));
                continue;
            }
            if (PlaceholderProblem(phrase, value) is { } problem)
            {
                errors.Add(new DefinitionError(key, problem));
            }
        }
        return errors;
    }

    // A phrase with placeholders is formatted (string.Format, or the terms line's own placeholder filling): its text
    // must keep each placeholder, add none the page does not fill, and be a valid format. A phrase without any is
    // shown as it is, braces and all.
    private static string? PlaceholderProblem(KnownPhrase phrase, string value)
    {
        if (phrase.Placeholders.Count == 0)
        {
            return null;
        }
        var used = PhraseCatalog.PlaceholdersOf(value);
        var missing = phrase.Placeholders.Except(used, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return $"must keep the placeholder(s) {string.Join(", ", missing)} of the phrase.";
        }
        var extra = used.Except(phrase.Placeholders, StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            return $"uses placeholder(s) {string.Join(", ", extra)} the phrase does not have (it has {string.Join(", ", phrase.Placeholders)}).";
        }
        try
        {
            var arguments = phrase.Placeholders.Max(p => int.Parse(p.AsSpan(1, p.Length - 2), CultureInfo.InvariantCulture)) + 1;
            _ = string.Format(CultureInfo.InvariantCulture, value, [.. Enumerable.Repeat<object?>("x", arguments)]);
        }
        catch (FormatException)
        {
            return "is not a valid text with placeholders: write a literal brace as {{ or }}.";
        }
        return null;
    }
}
