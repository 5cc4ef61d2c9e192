using Identity.Core.SignInExperience;
using Identity.Ui.Branding;

namespace Identity.Server.Tests;

/// <summary>What /branding.css writes for a sign-in experience: readable button and link colors, custom CSS last.</summary>
public sealed class BrandingStylesheetTests
{
    [Theory]
    [InlineData("#000000", "#FFFFFF", 21.0)]
    [InlineData("#FFFFFF", "#FFFFFF", 1.0)]
    [InlineData("#767676", "#FFFFFF", 4.54)]
    public void Contrast_IsWcagsRatio(string first, string second, double expected) =>
        Assert.Equal(expected, BrandingStylesheet.Contrast(first, second), precision: 2);

    [Fact]
    public void DefaultBranding_WritesNoColors_SoThePagesLookAsBefore()
    {
        var css = BrandingStylesheet.Create(SignInBranding.Default);

        Assert.DoesNotContain("--primary", css, StringComparison.Ordinal);
        Assert.DoesNotContain("{", css, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultColorsInOtherCase_WriteNoColors() =>
        Assert.DoesNotContain("--primary", BrandingStylesheet.Create(SignInBranding.Default with
        {
            PrimaryColor = SignInBranding.DefaultPrimaryColor.ToLowerInvariant(),
        }), StringComparison.Ordinal);

    [Fact]
    public void DarkPrimaryColor_GetsWhiteButtonText_AndIsTheLinkColor()
    {
        var css = BrandingStylesheet.Create(SignInBranding.Default with { PrimaryColor = "#0A7D32" });

        Assert.Contains(":root { --primary: #0A7D32; --primary-hover: #096A2B; --on-primary: #FFFFFF; --primary-text: #0A7D32; }", css, StringComparison.Ordinal);
    }

    [Fact]
    public void LightPrimaryColor_GetsDarkButtonText_AndLinksInTheTextColor()
    {
        var css = BrandingStylesheet.Create(SignInBranding.Default with { PrimaryColor = "#FFD400" });

        Assert.Contains("--on-primary: #111318;", css, StringComparison.Ordinal);
        Assert.Contains("--primary-text: var(--text);", css, StringComparison.Ordinal);
        Assert.True(BrandingStylesheet.Contrast("#FFD400", "#111318") >= BrandingStylesheet.MinimumContrast);
    }

    [Fact]
    public void DarkPrimaryColor_OverridesTheDarkPaletteWhenPreferredAndWhenForced()
    {
        var css = BrandingStylesheet.Create(SignInBranding.Default with { DarkPrimaryColor = "#7EE2A8" });

        Assert.Contains("@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) { --primary: #7EE2A8;", css, StringComparison.Ordinal);
        Assert.Contains(":root[data-theme=\"dark\"] { --primary: #7EE2A8; --primary-hover: #98E8B9; --on-primary: #111318;", css, StringComparison.Ordinal);
        Assert.DoesNotContain(":root { --primary", css, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomCss_ComesAfterTheColors()
    {
        var css = BrandingStylesheet.Create(SignInBranding.Default with { PrimaryColor = "#0A7D32", CustomCss = ".card { border: 0; }" });

        Assert.True(css.IndexOf(".card { border: 0; }", StringComparison.Ordinal) > css.IndexOf("--primary", StringComparison.Ordinal));
    }
}
