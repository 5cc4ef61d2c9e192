using System.Globalization;
using Identity.Core.Phrases;

namespace Identity.Admin.Tests;

/// <summary>How the pages find a custom phrase for the request's culture: exact tag, then its parents; tags in any casing.</summary>
public sealed class CustomPhraseSetTests
{
    private static readonly CustomPhraseSet Phrases = new("stamp", new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["de"] = new Dictionary<string, string> { ["Sign in"] = "Einloggen", ["Username"] = "Name" },
        ["de-AT"] = new Dictionary<string, string> { ["Sign in"] = "Anmelden, bitte" },
        ["zh-Hant"] = new Dictionary<string, string> { ["Sign in"] = "登入" },
    });

    [Fact]
    public void ExactTag_WinsOverItsParent_AndTheParentFillsTheRest()
    {
        var austrian = CultureInfo.GetCultureInfo("de-AT");

        Assert.Equal("Anmelden, bitte", Phrases.Find(austrian, "Sign in"));
        Assert.Equal("Name", Phrases.Find(austrian, "Username"));
    }

    [Fact]
    public void RegionOfALanguageWithPhrases_UsesTheLanguages()
    {
        Assert.Equal("Einloggen", Phrases.Find(CultureInfo.GetCultureInfo("de-CH"), "Sign in"));
        Assert.Equal("登入", Phrases.Find(CultureInfo.GetCultureInfo("zh-Hant-TW"), "Sign in"));
    }

    [Fact]
    public void UnknownPhraseOrLanguage_IsNull_SoTheBuiltInTextIsShown()
    {
        Assert.Null(Phrases.Find(CultureInfo.GetCultureInfo("de"), "Password"));
        Assert.Null(Phrases.Find(CultureInfo.GetCultureInfo("fr"), "Sign in"));
        Assert.Null(CustomPhraseSet.Empty.Find(CultureInfo.GetCultureInfo("de"), "Sign in"));
    }

    [Fact]
    public void Languages_AreEveryTagWithPhrases_FoundInAnyCasing()
    {
        Assert.Equal(["de", "de-AT", "zh-Hant"], Phrases.Languages);
        Assert.True(Phrases.HasLanguage("ZH-HANT"));
        Assert.False(Phrases.HasLanguage("fr"));
    }
}
