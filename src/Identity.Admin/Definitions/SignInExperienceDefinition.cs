namespace Identity.Admin.Definitions;

/// <summary>The sign-in experience section; fields left out keep Logto's defaults.</summary>
public sealed class SignInExperienceDefinition
{
    public SignUpDefinition? SignUp { get; set; }

    public string? SignInMode { get; set; }

    public List<string>? SocialSignInConnectorTargets { get; set; }

    public SocialSignInDefinition? SocialSignIn { get; set; }

    /// <summary>Logto's <c>branding</c> (logo URLs) plus <c>appName</c>.</summary>
    public BrandingDefinition? Branding { get; set; }

    public ColorDefinition? Color { get; set; }

    /// <summary><c>light</c>, <c>dark</c> or <c>auto</c> (follow the browser; the default).</summary>
    public string? ColorScheme { get; set; }

    /// <summary>CSS added after the pages' own; an empty string removes it.</summary>
    public string? CustomCss { get; set; }

    /// <summary>Linked on the sign-up pages; an empty string removes it.</summary>
    public string? TermsOfUseUrl { get; set; }

    /// <summary>Linked on the sign-up pages; an empty string removes it.</summary>
    public string? PrivacyPolicyUrl { get; set; }

    public LanguageInfoDefinition? LanguageInfo { get; set; }
}

/// <summary>The name and logos at the top of every hosted page; an empty logo URL removes the logo.</summary>
public sealed class BrandingDefinition
{
    public string? AppName { get; set; }

    public string? LogoUrl { get; set; }

    public string? DarkLogoUrl { get; set; }
}

/// <summary>Logto's <c>color</c>: <c>#RRGGBB</c> values for buttons and links.</summary>
public sealed class ColorDefinition
{
    public string? PrimaryColor { get; set; }

    public bool? IsDarkModeEnabled { get; set; }

    public string? DarkPrimaryColor { get; set; }
}

/// <summary>Logto's <c>languageInfo</c>.</summary>
public sealed class LanguageInfoDefinition
{
    public bool? AutoDetect { get; set; }

    public string? FallbackLanguage { get; set; }
}

public sealed class SignUpDefinition
{
    public List<string>? Identifiers { get; set; }

    public bool? Password { get; set; }
}

public sealed class SocialSignInDefinition
{
    public bool? AutomaticAccountLinking { get; set; }
}
