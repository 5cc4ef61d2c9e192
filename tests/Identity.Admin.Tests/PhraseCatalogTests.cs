using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Identity.Core.Accounts;
using Identity.Core.Phrases;
using Identity.Testing;

namespace Identity.Admin.Tests;

/// <summary>
/// The catalog of phrases an admin may override is the pages' German resource file, embedded in Core: every phrase a
/// page uses is in it, so none is left out of the editor or refused by the validation.
/// </summary>
public sealed partial class PhraseCatalogTests
{
    private static string UiFolder => Path.Combine(Repository.Root.FullName, "src", "Identity.Ui");

    [Fact]
    public void Catalog_IsEveryPhraseOfThePagesGermanResources_InTheirOrder()
    {
        var resx = XDocument.Load(Path.Combine(UiFolder, "Resources", "SharedResource.de.resx"));
        var keys = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

        Assert.Equal(keys, PhraseCatalog.All.Select(p => p.Key));
        Assert.Equal("Anmelden", PhraseCatalog.Find("Sign in")!.BuiltIn["de"]);
        Assert.Equal("Sign in", PhraseCatalog.Find("Sign in")!.BuiltIn["en"]);
    }

    [Fact]
    public void EveryPhraseAPageNamesLiterally_IsInTheCatalog()
    {
        var used = Directory.EnumerateFiles(UiFolder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cshtml", StringComparison.Ordinal) || path.EndsWith(".cs", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => LocalizedLiteral().Matches(File.ReadAllText(path)).Select(m => (Path: Path.GetFileName(path), Key: m.Groups[1].Value)))
            .ToList();

        Assert.True(used.Count > 40, $"Only {used.Count} localized literals found: has the pages' localizer been renamed?");
        var missing = used.Where(u => PhraseCatalog.Find(u.Key) is null).Select(u => $"{u.Path}: {u.Key}").ToList();
        Assert.True(missing.Count == 0, "Phrases missing from the catalog (add them to SharedResource.de.resx): " + string.Join(" | ", missing));
    }

    [Fact]
    public void EveryAccountMessage_IsInTheCatalog()
    {
        var messages = typeof(AccountMessages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, message => Assert.NotNull(PhraseCatalog.Find(message)));
    }

    [Fact]
    public void Placeholders_AreThoseOfTheKey_InOrder()
    {
        Assert.Equal(["{0}", "{1}"], PhraseCatalog.Find("By creating an account you agree to the {0} and {1}.")!.Placeholders);
        Assert.Equal(["{0}"], PhraseCatalog.Find("Continue with {0}")!.Placeholders);
        Assert.Empty(PhraseCatalog.Find("Sign in")!.Placeholders);
    }

    // T["..."] in the pages and views, localizer["..."] in their code.
    [GeneratedRegex("""(?:\bT|[Ll]ocalizer)\[\s*"((?:[^"\\]|\\.)*)"(?:\s*,|\s*\])""")]
    private static partial Regex LocalizedLiteral();
}
