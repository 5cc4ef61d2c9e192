namespace Identity.Core.SignInExperience;

/// <summary>The stored sign-in experience (a single row), in Logto's model.</summary>
public sealed class SignInExperienceRecord
{
    public const string DefaultId = "default";

    public string Id { get; set; } = DefaultId;

    /// <summary>Sign-up identifiers as JSON: <c>["username"]</c>, or <c>[]</c> for "none" (social-only sign-up).</summary>
    public string SignUpIdentifiers { get; set; } = "[\"username\"]";

    public bool SignUpPassword { get; set; } = true;

    public SignInMode SignInMode { get; set; } = SignInMode.SignInAndRegister;

    /// <summary>Targets of the social connectors to show, as JSON, in button order.</summary>
    public string SocialSignInConnectorTargets { get; set; } = "[]";

    public bool AutomaticAccountLinking { get; set; }

    // Branding and language: null is the built-in default, so rows stored before these columns existed keep today's look.

    public string? AppName { get; set; }

    public string? LogoUrl { get; set; }

    public string? DarkLogoUrl { get; set; }

    public string? PrimaryColor { get; set; }

    public bool? IsDarkModeEnabled { get; set; }

    public string? DarkPrimaryColor { get; set; }

    public ColorScheme? ColorScheme { get; set; }

    public string? CustomCss { get; set; }

    public string? TermsOfUseUrl { get; set; }

    public string? PrivacyPolicyUrl { get; set; }

    public bool? AutoDetectLanguage { get; set; }

    /// <summary>The column's width: a language tag (built-in, or one with custom phrases) no longer than this.</summary>
    public const int MaxFallbackLanguageLength = 16;

    public string? FallbackLanguage { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
