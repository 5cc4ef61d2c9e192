using Microsoft.AspNetCore.Http;

namespace Identity.AdminConsole.SignInExperience;

/// <summary>
/// The preview's address for a form's values: <c>/console/sign-in-experience/preview?page=…&amp;theme=…&amp;…</c>, with the
/// form's own field names (the script builds the same from the form as it changes).
/// </summary>
public static class SignInExperiencePreviewUrl
{
    /// <summary>The one route the security headers let the console frame.</summary>
    public const string Path = "/console/sign-in-experience/preview";

    /// <summary>The draft's colors and custom CSS, linked by the preview instead of <c>/branding.css</c>.</summary>
    public const string StylesheetPath = "/console/sign-in-experience/preview.css";

    public const string SignInPage = "sign-in";

    public const string RegisterPage = "register";

    public static string For(SignInExperienceForm form, string page, string theme) =>
        Path + QueryString.Create(Fields(form).Prepend(new("theme", theme)).Prepend(new("page", page))).ToUriComponent();

    public static string Stylesheet(SignInExperienceForm form) =>
        StylesheetPath + QueryString.Create(new Dictionary<string, string?>
        {
            ["primaryColor"] = form.PrimaryColor,
            ["darkPrimaryColor"] = form.DarkPrimaryColor,
            ["customCss"] = form.CustomCss,
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    private static IEnumerable<KeyValuePair<string, string?>> Fields(SignInExperienceForm form)
    {
        var fields = new List<KeyValuePair<string, string?>>
        {
            new("signUpIdentifier", form.SignUpIdentifier),
            new("signInMode", form.SignInMode),
            new("appName", form.AppName),
            new("logoUrl", form.LogoUrl),
            new("darkLogoUrl", form.DarkLogoUrl),
            new("primaryColor", form.PrimaryColor),
            new("darkPrimaryColor", form.DarkPrimaryColor),
            new("colorScheme", form.ColorScheme),
            new("customCss", form.CustomCss),
            new("termsOfUseUrl", form.TermsOfUseUrl),
            new("privacyPolicyUrl", form.PrivacyPolicyUrl),
            new("fallbackLanguage", form.FallbackLanguage),
        };
        fields.AddRange(form.Targets.Select(t => new KeyValuePair<string, string?>("targets", t)));
        // Checkboxes as a browser sends them: present when checked.
        foreach (var (name, on) in new[]
        {
            ("signUpPassword", form.SignUpPassword), ("automaticAccountLinking", form.AutomaticAccountLinking),
            ("darkModeEnabled", form.DarkModeEnabled), ("autoDetectLanguage", form.AutoDetectLanguage),
        })
        {
            if (on)
            {
                fields.Add(new(name, "true"));
            }
        }
        return fields.Where(f => !string.IsNullOrEmpty(f.Value));
    }
}
