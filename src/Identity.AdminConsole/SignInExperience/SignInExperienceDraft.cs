using Identity.Admin.Definitions;
using Identity.Core.SignInExperience;

namespace Identity.AdminConsole.SignInExperience;

/// <summary>
/// The experience a form describes, unsaved, for the preview: each value the service would refuse falls back to the
/// built-in one, so a half-typed color shows the default rather than an error page.
/// </summary>
public static class SignInExperienceDraft
{
    public static SignInExperienceSettings Settings(SignInExperienceForm form, ColorScheme? theme)
    {
        ArgumentNullException.ThrowIfNull(form);
        var definition = form.ToDefinition();
        var invalid = DefinitionValidator.ValidateSignInExperience(definition, entry: string.Empty).Select(e => e.Path).ToList();
        bool Valid(string path) => !invalid.Any(p => p == path || p.StartsWith(path + "[", StringComparison.Ordinal) || p.StartsWith(path + ".", StringComparison.Ordinal));
        string? Optional(string path, string? value) => Valid(path) && !string.IsNullOrEmpty(value) ? value : null;

        var defaults = SignInBranding.Default;
        var branding = new SignInBranding
        {
            AppName = Valid("branding.appName") ? definition.Branding!.AppName!.Trim() : defaults.AppName,
            LogoUrl = Optional("branding.logoUrl", definition.Branding!.LogoUrl),
            DarkLogoUrl = Optional("branding.darkLogoUrl", definition.Branding.DarkLogoUrl),
            PrimaryColor = Optional("color.primaryColor", definition.Color!.PrimaryColor) ?? defaults.PrimaryColor,
            DarkPrimaryColor = Optional("color.darkPrimaryColor", definition.Color.DarkPrimaryColor) ?? defaults.DarkPrimaryColor,
            IsDarkModeEnabled = form.DarkModeEnabled,
            ColorScheme = theme ?? (Valid("colorScheme") ? Enum.Parse<ColorScheme>(form.ColorScheme, ignoreCase: true) : defaults.ColorScheme),
            CustomCss = Optional("customCss", definition.CustomCss),
            TermsOfUseUrl = Optional("termsOfUseUrl", definition.TermsOfUseUrl),
            PrivacyPolicyUrl = Optional("privacyPolicyUrl", definition.PrivacyPolicyUrl),
        };
        var mode = Valid("signInMode") ? Enum.Parse<SignInMode>(form.SignInMode) : SignInExperienceSettings.Default.SignInMode;
        return new SignInExperienceSettings(
            mode,
            Valid("signUp.identifiers") ? definition.SignUp!.Identifiers! : SignInExperienceSettings.Default.SignUpIdentifiers,
            form.SignUpPassword,
            [.. form.Targets.Where(t => DefinitionValidator.IsIdentifier(t)).Distinct(StringComparer.Ordinal)],
            form.AutomaticAccountLinking)
        {
            Branding = branding,
        };
    }
}
