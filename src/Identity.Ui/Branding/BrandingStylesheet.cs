using System.Globalization;
using System.Text;
using Identity.Core.SignInExperience;

namespace Identity.Ui.Branding;

/// <summary>
/// <c>/branding.css</c>: the sign-in experience's colors and custom CSS as a stylesheet of its own, linked after
/// site.css, so the Content-Security-Policy keeps <c>style-src 'self'</c> without <c>'unsafe-inline'</c>.
/// Only what differs from the built-in look is written.
/// </summary>
public static class BrandingStylesheet
{
    public const string Path = "/branding.css";

    // site.css's palettes, which the generated colors must stay readable on.
    private const string LightCard = "#FFFFFF";
    private const string TextColor = "var(--text)";
    private const string DarkCard = "#1B1E25";
    private const string White = "#FFFFFF";
    private const string NearBlack = "#111318";

    /// <summary>WCAG 2's minimum contrast for normal text (AA).</summary>
    public const double MinimumContrast = 4.5;

    // The selectors site.css uses for each palette, so these rules win by coming later with the same specificity.
    private const string DarkWhenAuto = "@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) {";
    private const string DarkWhenForced = ":root[data-theme=\"dark\"] {";

    public static string Create(SignInBranding branding)
    {
        var css = new StringBuilder("/* Generated from the sign-in experience (GET/PATCH /api/sign-in-exp). */\n");
        if (!SameColor(branding.PrimaryColor, SignInBranding.DefaultPrimaryColor))
        {
            css.Append(":root {").Append(Palette(branding.PrimaryColor, LightCard)).Append("}\n");
        }

        if (!SameColor(branding.DarkPrimaryColor, SignInBranding.DefaultDarkPrimaryColor))
        {
            var dark = Palette(branding.DarkPrimaryColor, DarkCard);
            css.Append(DarkWhenAuto).Append(dark).Append("}\n}\n");
            css.Append(DarkWhenForced).Append(dark).Append("}\n");
        }

        if (!string.IsNullOrEmpty(branding.CustomCss))
        {
            css.Append("/* Custom CSS */\n").Append(branding.CustomCss).Append('\n');
        }
        return css.ToString();
    }

    /// <summary>
    /// Buttons: the color as background, with white or near-black text, whichever contrasts more; hover moves away
    /// from the text color. Links and the app name: the color when it is readable on the card, else the text color.
    /// </summary>
    private static string Palette(string primary, string card)
    {
        var onPrimary = Contrast(primary, White) >= Contrast(primary, NearBlack) ? White : NearBlack;
        var hover = onPrimary == White ? Mix(primary, "#000000", 0.15) : Mix(primary, "#FFFFFF", 0.2);
        var text = Contrast(primary, card) >= MinimumContrast ? primary : TextColor;
        return $" --primary: {primary}; --primary-hover: {hover}; --on-primary: {onPrimary}; --primary-text: {text}; ";
    }

    /// <summary>The WCAG 2 contrast ratio of two <c>#RRGGBB</c> colors, from 1 to 21.</summary>
    public static double Contrast(string first, string second)
    {
        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static double Luminance(string color)
    {
        var (r, g, b) = Channels(color);
        return 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);

        static double Linear(int channel) =>
            channel / 255.0 is var c && c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }

    private static string Mix(string color, string toward, double amount)
    {
        var (r, g, b) = Channels(color);
        var (tr, tg, tb) = Channels(toward);
        return string.Create(CultureInfo.InvariantCulture,
            $"#{Blend(r, tr):X2}{Blend(g, tg):X2}{Blend(b, tb):X2}");

        int Blend(int from, int to) => (int)Math.Round(from + (to - from) * amount, MidpointRounding.AwayFromZero);
    }

    private static (int R, int G, int B) Channels(string color) => (
        int.Parse(color.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(color.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(color.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static bool SameColor(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
