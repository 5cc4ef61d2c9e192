using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Core.SignInExperience;

namespace Identity.AdminConsole.SignInExperience;

/// <summary>
/// The sign-in experience form's fields, by the names the form posts (and the preview reads from its query string).
/// Every field is always sent, so the form describes the whole experience: a save sends all of it, and a preview shows
/// exactly what a save would.
/// </summary>
public sealed class SignInExperienceForm
{
    public const string NoIdentifier = "none";

    /// <summary><c>username</c>, or <see cref="NoIdentifier"/>: social sign-up asks for nothing.</summary>
    public string SignUpIdentifier { get; set; } = SignInExperienceSettings.UsernameIdentifier;

    public bool SignUpPassword { get; set; }

    public string SignInMode { get; set; } = nameof(Core.SignInExperience.SignInMode.SignInAndRegister);

    /// <summary>The connectors' targets in button order.</summary>
    public List<string> Targets { get; set; } = [];

    public bool AutomaticAccountLinking { get; set; }

    public string? AppName { get; set; }

    public string? LogoUrl { get; set; }

    public string? DarkLogoUrl { get; set; }

    public string? PrimaryColor { get; set; }

    public string? DarkPrimaryColor { get; set; }

    public bool DarkModeEnabled { get; set; }

    public string ColorScheme { get; set; } = "auto";

    public string? CustomCss { get; set; }

    public string? TermsOfUseUrl { get; set; }

    public string? PrivacyPolicyUrl { get; set; }

    public bool AutoDetectLanguage { get; set; }

    public string? FallbackLanguage { get; set; }

    /// <summary>Each field and the path of the service's errors about it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Paths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["signUpIdentifier"] = "signUp.identifiers",
        ["signInMode"] = "signInMode",
        ["targets"] = "socialSignInConnectorTargets",
        ["appName"] = "branding.appName",
        ["logoUrl"] = "branding.logoUrl",
        ["darkLogoUrl"] = "branding.darkLogoUrl",
        ["primaryColor"] = "color.primaryColor",
        ["darkPrimaryColor"] = "color.darkPrimaryColor",
        ["colorScheme"] = "colorScheme",
        ["customCss"] = "customCss",
        ["termsOfUseUrl"] = "termsOfUseUrl",
        ["privacyPolicyUrl"] = "privacyPolicyUrl",
        ["fallbackLanguage"] = "languageInfo.fallbackLanguage",
    };

    public static SignInExperienceForm From(SignInExperienceView view) => new()
    {
        SignUpIdentifier = view.SignUp.Identifiers.Contains(SignInExperienceSettings.UsernameIdentifier)
            ? SignInExperienceSettings.UsernameIdentifier : NoIdentifier,
        SignUpPassword = view.SignUp.Password,
        SignInMode = view.SignInMode,
        Targets = [.. view.SocialSignInConnectorTargets],
        AutomaticAccountLinking = view.SocialSignIn.AutomaticAccountLinking,
        AppName = view.Branding.AppName,
        LogoUrl = view.Branding.LogoUrl,
        DarkLogoUrl = view.Branding.DarkLogoUrl,
        PrimaryColor = view.Color.PrimaryColor,
        DarkPrimaryColor = view.Color.DarkPrimaryColor,
        DarkModeEnabled = view.Color.IsDarkModeEnabled,
        ColorScheme = view.ColorScheme,
        CustomCss = view.CustomCss,
        TermsOfUseUrl = view.TermsOfUseUrl,
        PrivacyPolicyUrl = view.PrivacyPolicyUrl,
        AutoDetectLanguage = view.LanguageInfo.AutoDetect,
        FallbackLanguage = view.LanguageInfo.FallbackLanguage,
    };

    /// <summary>The whole experience as a patch; an empty optional text ("") removes that value.</summary>
    public SignInExperienceDefinition ToDefinition() => new()
    {
        SignUp = new SignUpDefinition
        {
            Identifiers = SignUpIdentifier == NoIdentifier ? [] : [SignUpIdentifier],
            Password = SignUpPassword,
        },
        SignInMode = SignInMode,
        SocialSignInConnectorTargets = [.. Targets],
        SocialSignIn = new SocialSignInDefinition { AutomaticAccountLinking = AutomaticAccountLinking },
        Branding = new BrandingDefinition { AppName = AppName ?? "", LogoUrl = Text(LogoUrl), DarkLogoUrl = Text(DarkLogoUrl) },
        Color = new ColorDefinition { PrimaryColor = Text(PrimaryColor), DarkPrimaryColor = Text(DarkPrimaryColor), IsDarkModeEnabled = DarkModeEnabled },
        ColorScheme = ColorScheme,
        CustomCss = CustomCss ?? "",
        TermsOfUseUrl = Text(TermsOfUseUrl),
        PrivacyPolicyUrl = Text(PrivacyPolicyUrl),
        LanguageInfo = new LanguageInfoDefinition { AutoDetect = AutoDetectLanguage, FallbackLanguage = FallbackLanguage },
    };

    private static string Text(string? value) => value?.Trim() ?? "";
}
