namespace Identity.Core.SignInExperience;

/// <summary>How the hosted pages follow the browser's light or dark preference.</summary>
public enum ColorScheme
{
    /// <summary>Follow the browser's <c>prefers-color-scheme</c> (the default).</summary>
    Auto,

    Light,

    Dark,
}

/// <summary>
/// What the hosted pages look like and link to, in Logto's model plus <see cref="AppName"/> and <see cref="ColorScheme"/>.
/// The defaults are the pages' built-in look, so an experience that never set them looks as it always did.
/// </summary>
public sealed record SignInBranding
{
    public const string DefaultAppName = "Identity";

    /// <summary>The stylesheet's own primary color (light scheme).</summary>
    public const string DefaultPrimaryColor = "#4B3BD6";

    /// <summary>The stylesheet's own primary color (dark scheme).</summary>
    public const string DefaultDarkPrimaryColor = "#8A7DFF";

    public static SignInBranding Default { get; } = new();

    /// <summary>Shown beside the logo, as the logo's alternative text, and in the window title.</summary>
    public string AppName { get; init; } = DefaultAppName;

    public string? LogoUrl { get; init; }

    /// <summary>The logo on a dark background; without it the light logo is used there too.</summary>
    public string? DarkLogoUrl { get; init; }

    /// <summary>Buttons, links and the app name; <c>#RRGGBB</c>.</summary>
    public string PrimaryColor { get; init; } = DefaultPrimaryColor;

    /// <summary>Logto's switch: when false, <see cref="ColorScheme.Auto"/> stays light.</summary>
    public bool IsDarkModeEnabled { get; init; } = true;

    public string DarkPrimaryColor { get; init; } = DefaultDarkPrimaryColor;

    public ColorScheme ColorScheme { get; init; } = ColorScheme.Auto;

    /// <summary>Appended to the pages' styles (served from <c>/branding.css</c>, never inline).</summary>
    public string? CustomCss { get; init; }

    /// <summary>Linked on the sign-up pages.</summary>
    public string? TermsOfUseUrl { get; init; }

    /// <summary>Linked on the sign-up pages.</summary>
    public string? PrivacyPolicyUrl { get; init; }

    /// <summary>The scheme the pages use: <see cref="ColorScheme.Auto"/> with dark mode disabled is light.</summary>
    public ColorScheme EffectiveColorScheme =>
        ColorScheme == ColorScheme.Auto && !IsDarkModeEnabled ? ColorScheme.Light : ColorScheme;

    /// <summary>Whether the sign-up pages carry the "you agree to ..." line.</summary>
    public bool HasSignUpTerms => TermsOfUseUrl is not null || PrivacyPolicyUrl is not null;
}

/// <summary>Logto's <c>languageInfo</c>: which language the hosted pages use when the app did not ask for one.</summary>
/// <param name="AutoDetect">Use the browser's Accept-Language; when false, the fallback language unless the app sent <c>ui_locales</c>.</param>
/// <param name="FallbackLanguage">One of <see cref="SupportedLanguages"/>.</param>
public sealed record LanguageInfo(bool AutoDetect, string FallbackLanguage)
{
    /// <summary>The languages the hosted pages are translated into; the first is the built-in default.</summary>
    public static IReadOnlyList<string> SupportedLanguages { get; } = ["en", "de"];

    public static LanguageInfo Default { get; } = new(AutoDetect: true, SupportedLanguages[0]);
}
