using System.Collections.Frozen;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Identity.Core.Phrases;

/// <summary>A hosted-page phrase an admin may override: its key (the English text) and the placeholders it takes.</summary>
/// <param name="Key">The phrase's key, which is also its built-in English text (ASP.NET Core's convention).</param>
/// <param name="Placeholders">The <c>{0}</c>, <c>{1}</c>... in the key, in order: a custom text must keep each of them.</param>
/// <param name="BuiltIn">The built-in texts by language tag: <c>en</c> (the key) and <c>de</c>.</param>
public sealed record KnownPhrase(string Key, IReadOnlyList<string> Placeholders, IReadOnlyDictionary<string, string> BuiltIn)
{
    /// <summary>The built-in English text (the key itself).</summary>
    public string English => Key;
}

/// <summary>
/// Every phrase the hosted pages show, read from the pages' German resource file (embedded here as is): a phrase the
/// pages use without a German text would show English under German, which the localization tests refuse, so that
/// file is the one complete list. Adding a phrase to a page and its German text is all it takes to make it
/// overridable; nothing else to keep in step.
/// </summary>
public static partial class PhraseCatalog
{
    private const string ResourceName = "Identity.Core.hosted-page-phrases.xml";

    /// <summary>The phrases in the order of the resource file (roughly page by page).</summary>
    public static IReadOnlyList<KnownPhrase> All { get; } = Load();

    private static readonly FrozenDictionary<string, KnownPhrase> ByKey = All.ToFrozenDictionary(p => p.Key, StringComparer.Ordinal);

    /// <summary>The phrase under <paramref name="key"/> (ordinal: keys are exact texts), or null.</summary>
    public static KnownPhrase? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The distinct <c>{n}</c> placeholders of a text, in order of first appearance.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{[0-9]+\}")]
    private static partial Regex Placeholder();

    private static List<KnownPhrase> Load()
    {
        using var stream = typeof(PhraseCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PhraseCatalog).Assembly.GetName().Name}.");
        return [.. XDocument.Load(stream).Root!.Elements("data")
            .Select(data => (Key: (string?)data.Attribute("name"), German: (string?)data.Element("value")))
            .Where(data => data.Key is not null)
            .DistinctBy(data => data.Key, StringComparer.Ordinal)
            .Select(data => new KnownPhrase(data.Key!, PlaceholdersOf(data.Key!), new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["en"] = data.Key!,
                ["de"] = data.German ?? data.Key!,
            }))];
    }
}
