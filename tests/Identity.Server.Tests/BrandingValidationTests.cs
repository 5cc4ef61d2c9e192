using Identity.Admin.Definitions;

namespace Identity.Server.Tests;

/// <summary>DefinitionValidator.ValidateSignInExperience for branding: the one place the seed file, the API and the CLI are checked.</summary>
public sealed class BrandingValidationTests
{
    private static IReadOnlyList<DefinitionError> Validate(SignInExperienceDefinition experience) =>
        DefinitionValidator.Validate(new SeedFile { SignInExperience = experience });

    [Fact]
    public void FullBranding_IsValid()
    {
        var errors = Validate(new SignInExperienceDefinition
        {
            Branding = new() { AppName = "Acme", LogoUrl = "https://cdn.example.com/logo.png", DarkLogoUrl = "" },
            Color = new() { PrimaryColor = "#5D34F2", IsDarkModeEnabled = false, DarkPrimaryColor = "#aabbcc" },
            ColorScheme = "light",
            CustomCss = new string(' ', DefinitionValidator.MaxCustomCssBytes),
            TermsOfUseUrl = "http://127.0.0.1:8080/terms",
            PrivacyPolicyUrl = "https://example.com/privacy",
            LanguageInfo = new() { AutoDetect = false, FallbackLanguage = "de" },
        });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("#5D34F", "signInExperience.color.primaryColor")]
    [InlineData("5D34F2", "signInExperience.color.primaryColor")]
    [InlineData("#5D34G2", "signInExperience.color.primaryColor")]
    [InlineData("", "signInExperience.color.primaryColor")]
    public void BadPrimaryColor_IsNamed(string color, string path) =>
        Assert.Equal(path, Assert.Single(Validate(new SignInExperienceDefinition { Color = new() { PrimaryColor = color } })).Path);

    [Theory]
    [InlineData("https://cdn.example.com/logo.png", true)]
    [InlineData("http://cdn.example.com/logo.png", false)]
    [InlineData("http://localhost/logo.png", false)]
    [InlineData("/logo.png", false)]
    [InlineData("data:image/png;base64,AAAA", false)]
    [InlineData("https://cdn.example.com/my logo.png", false)]
    public void LogoUrl_MustBeHttps(string url, bool valid) =>
        Assert.Equal(valid, Validate(new SignInExperienceDefinition { Branding = new() { LogoUrl = url } }).Count == 0);

    [Theory]
    [InlineData("https://example.com/terms", true)]
    [InlineData("http://localhost:3000/terms", true)]
    [InlineData("http://[::1]/terms", true)]
    [InlineData("http://example.com/terms", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("terms.html", false)]
    public void TermsOfUseUrl_MustBeHttpsOrLoopbackHttp(string url, bool valid)
    {
        var errors = Validate(new SignInExperienceDefinition { TermsOfUseUrl = url });

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("signInExperience.termsOfUseUrl", e.Path));
    }

    [Fact]
    public void CustomCss_Over10KB_IsRefused()
    {
        // 10 KB of UTF-8: "ä" is two bytes, so this is one byte over with half as many characters.
        var errors = Validate(new SignInExperienceDefinition { CustomCss = new string('ä', DefinitionValidator.MaxCustomCssBytes / 2) + "x" });

        Assert.Equal("signInExperience.customCss", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData("</style>")]
    [InlineData("a{}</STYLE ><script>alert(1)</script>")]
    public void CustomCss_ClosingAStyleElement_IsRefused(string css) =>
        Assert.Contains("</style", Assert.Single(Validate(new SignInExperienceDefinition { CustomCss = css })).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("Light")]
    [InlineData("system")]
    public void ColorScheme_MustBeLowercaseLightDarkOrAuto(string scheme) =>
        Assert.Equal("signInExperience.colorScheme", Assert.Single(Validate(new SignInExperienceDefinition { ColorScheme = scheme })).Path);

    [Theory]
    [InlineData("fr")]
    [InlineData("de-DE")]
    [InlineData("EN")]
    public void FallbackLanguage_MustBeATranslatedLanguage(string language) =>
        Assert.Equal("signInExperience.languageInfo.fallbackLanguage",
            Assert.Single(Validate(new SignInExperienceDefinition { LanguageInfo = new() { FallbackLanguage = language } })).Path);

    [Theory]
    [InlineData("")]
    [InlineData("Two\nLines")]
    public void AppName_MustBeOneNonEmptyLine(string name) =>
        Assert.Equal("signInExperience.branding.appName", Assert.Single(Validate(new SignInExperienceDefinition { Branding = new() { AppName = name } })).Path);

    [Fact]
    public void Patch_ErrorsHaveNoSectionPrefix() =>
        Assert.Equal("color.darkPrimaryColor",
            Assert.Single(DefinitionValidator.ValidateSignInExperience(new SignInExperienceDefinition { Color = new() { DarkPrimaryColor = "red" } }, entry: "")).Path);
}
