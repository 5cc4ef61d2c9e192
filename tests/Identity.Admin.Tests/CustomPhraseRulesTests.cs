using Identity.Admin.Definitions;
using Identity.Core.Phrases;

namespace Identity.Admin.Tests;

/// <summary>A language's custom phrases: its tag and each phrase checked, every problem named by its field at once.</summary>
public sealed class CustomPhraseRulesTests
{
    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("zh-Hant", "zh-Hant")]
    [InlineData("ZH-hant-tw", "zh-Hant-TW")]
    [InlineData("sr-Latn-RS", "sr-Latn-RS")]
    [InlineData("es-419", "es-419")]
    [InlineData("de-CH-1996", "de-CH-1996")]
    [InlineData("en-US-x-twain", "en-US-x-twain")]
    public void WellFormedTag_IsAccepted_InItsConventionalCasing(string tag, string canonical)
    {
        var errors = new List<DefinitionError>();

        Assert.Equal(canonical, CustomPhraseRules.CanonicalTag(tag, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("english!")]
    [InlineData("fr_FR")]
    [InlineData("de--AT")]
    [InlineData("123")]
    [InlineData("de-")]
    [InlineData("fr FR")]
    public void MalformedTag_IsRefused_NamingLanguageTag(string tag)
    {
        var errors = new List<DefinitionError>();

        Assert.Null(CustomPhraseRules.CanonicalTag(tag, errors));
        var error = Assert.Single(errors);
        Assert.Equal("languageTag", error.Path);
        Assert.Contains("BCP 47", error.Message);
    }

    [Fact]
    public void TagOverTheLength_IsRefused_NamingTheBound()
    {
        var errors = new List<DefinitionError>();

        Assert.Null(CustomPhraseRules.CanonicalTag("de-DE-1901-abcdefgh-abcdefgh-abcdefgh", errors));
        Assert.Equal($"must be at most {LanguageTags.MaxLength} characters (got 37).", Assert.Single(errors).Message);
    }

    [Fact]
    public void ValidTranslation_HasNoErrors()
    {
        Assert.Empty(CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?>
        {
            ["Sign in"] = "Einloggen",
            ["Continue with {0}"] = "Mit {0} fortfahren",
            ["By creating an account you agree to the {0} and {1}."] = "Mit dem Konto stimmen Sie {1} und {0} zu.",
        }));
        // A phrase without placeholders is shown as it is: its braces need no doubling.
        Assert.Empty(CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?> { ["Sign in"] = "{Anmelden}" }));
        Assert.Empty(CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?> { ["Continue with {0}"] = "{{{0}}}" }));
    }

    [Fact]
    public void EveryBadPhrase_IsReportedAtOnce_NamingItsKey()
    {
        var errors = CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?>
        {
            ["Sign in with a passkey"] = "x",
            ["Continue with {0}"] = "Continuer",
            ["Sign-in with {0} failed."] = "{0} {1}",
            ["You can try again in {0} seconds."] = "Encore {0} secondes {",
            ["Sign in"] = " ",
            ["Username"] = null,
            ["Password"] = new string('x', AdminLimits.MaxPhraseLength + 1),
            ["Create account"] = "Créer un compte",
        }).ToDictionary(e => e.Path, e => e.Message);

        Assert.Equal(7, errors.Count);
        Assert.Contains("not a phrase of the hosted pages", errors["Sign in with a passkey"]);
        Assert.Equal("must keep the placeholder(s) {0} of the phrase.", errors["Continue with {0}"]);
        Assert.Contains("{1}", errors["Sign-in with {0} failed."]);
        Assert.Contains("{{", errors["You can try again in {0} seconds."]);
        Assert.Equal("must be a non-empty string.", errors["Sign in"]);
        Assert.Equal("must be a non-empty string.", errors["Username"]);
        Assert.Equal($"must be at most {AdminLimits.MaxPhraseLength} characters (got {AdminLimits.MaxPhraseLength + 1}).", errors["Password"]);
    }

    [Fact]
    public void AtTheLengthBound_IsValid()
    {
        Assert.Empty(CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?> { ["Password"] = new string('x', AdminLimits.MaxPhraseLength) }));
    }

    [Fact]
    public void HiddenPlaceholderIndex_BeyondThePhrasesArguments_IsRefused()
    {
        // {1:x} is no plain {1}, but string.Format would still look for a second argument the page does not pass.
        var error = Assert.Single(CustomPhraseRules.ValidateTranslation(new Dictionary<string, string?> { ["Continue with {0}"] = "{0} {1:x}" }));

        Assert.Equal("Continue with {0}", error.Path);
    }
}
