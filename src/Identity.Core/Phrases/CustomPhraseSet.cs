using System.Collections.Frozen;
using System.Globalization;

namespace Identity.Core.Phrases;

/// <summary>
/// One reading of every language's custom phrases, shared by all requests (never changed once built): the hosted
/// pages look a phrase up here before their built-in texts.
/// </summary>
public sealed class CustomPhraseSet
{
    /// <summary>No custom phrases: what the pages use before the first reading, and where nothing is stored.</summary>
    public static CustomPhraseSet Empty { get; } = new(string.Empty, new Dictionary<string, IReadOnlyDictionary<string, string>>());

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    /// <param name="stamp">The change stamp the phrases were read under.</param>
    /// <param name="byLanguage">Each language tag's phrases, key to text (tags compare case-insensitively, as BCP 47 says).</param>
    public CustomPhraseSet(string stamp, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byLanguage)
    {
        Stamp = stamp;
        _byLanguage = byLanguage.ToFrozenDictionary(
            language => language.Key,
            language => language.Value.ToFrozenDictionary(StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);
        Languages = [.. _byLanguage.Keys.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The change stamp these phrases were read under.</summary>
    public string Stamp { get; }

    /// <summary>The language tags that have custom phrases (an empty set of phrases counts: the language is offered).</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>
    /// The custom text of <paramref name="key"/> for <paramref name="culture"/>: its exact tag's, else its parent's
    /// (<c>de-AT</c>, then <c>de</c>), else null.
    /// </summary>
    public string? Find(CultureInfo culture, string key)
    {
        if (_byLanguage.Count == 0)
        {
            return null;
        }
        for (var current = culture; !string.IsNullOrEmpty(current.Name); current = current.Parent)
        {
            if (_byLanguage.TryGetValue(current.Name, out var phrases) && phrases.TryGetValue(key, out var text))
            {
                return text;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="languageTag"/> has custom phrases (case-insensitive).</summary>
    public bool HasLanguage(string languageTag) => _byLanguage.ContainsKey(languageTag);
}
