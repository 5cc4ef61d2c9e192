using Identity.Core.Audit;
using Identity.Admin.Definitions;
using Identity.Core.SignInExperience;
using Identity.Core.Phrases;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>The sign-in experience in Logto's JSON shape (plus <c>branding.appName</c> and <c>colorScheme</c>).</summary>
public sealed record SignInExperienceView(
    SignUpView SignUp,
    string SignInMode,
    IReadOnlyList<string> SocialSignInConnectorTargets,
    SocialSignInView SocialSignIn,
    BrandingView Branding,
    ColorView Color,
    string ColorScheme,
    string? CustomCss,
    string? TermsOfUseUrl,
    string? PrivacyPolicyUrl,
    LanguageInfoView LanguageInfo);

public sealed record SignUpView(IReadOnlyList<string> Identifiers, bool Password);

public sealed record SocialSignInView(bool AutomaticAccountLinking);

public sealed record BrandingView(string AppName, string? LogoUrl, string? DarkLogoUrl);

public sealed record ColorView(string PrimaryColor, bool IsDarkModeEnabled, string DarkPrimaryColor);

public sealed record LanguageInfoView(bool AutoDetect, string FallbackLanguage);

/// <summary>Reads and changes the sign-in experience; changes show on the hosted pages at the next request.</summary>
public sealed class SignInExperienceAdmin(SignInExperienceStore store, IdentityDataContext db, IAuditLog audit)
{
    public async Task<SignInExperienceView> GetAsync(CancellationToken cancellationToken) => ToView(await store.GetAsync(cancellationToken));

    /// <summary>Applies the fields the patch names; the rest keep their current values. Returns whether anything changed.</summary>
    public async Task<(SignInExperienceView View, bool Changed)> UpdateAsync(SignInExperienceDefinition patch, CancellationToken cancellationToken)
    {
        AdminValidationException.ThrowIfAny(await WithCustomLanguagesAsync(patch, DefinitionValidator.ValidateSignInExperience(patch, entry: string.Empty), cancellationToken));
        foreach (var (target, index) in (patch.SocialSignInConnectorTargets ?? []).Select((t, i) => (t, i)))
        {
            if (!await db.Connectors.AnyAsync(c => c.Target == target, cancellationToken))
            {
                throw AdminValidationException.For($"socialSignInConnectorTargets[{index}]", $"no connector has the target '{target}'.");
            }
        }

        var current = await store.GetAsync(cancellationToken);
        var wanted = new SignInExperienceSettings(
            patch.SignInMode is { } mode ? Enum.Parse<SignInMode>(mode) : current.SignInMode,
            patch.SignUp?.Identifiers ?? [.. current.SignUpIdentifiers],
            patch.SignUp?.Password ?? current.SignUpPassword,
            patch.SocialSignInConnectorTargets ?? [.. current.SocialSignInConnectorTargets],
            patch.SocialSignIn?.AutomaticAccountLinking ?? current.AutomaticAccountLinking)
        {
            Branding = Patch(current.Branding, patch),
            LanguageInfo = new LanguageInfo(
                patch.LanguageInfo?.AutoDetect ?? current.LanguageInfo.AutoDetect,
                patch.LanguageInfo?.FallbackLanguage ?? current.LanguageInfo.FallbackLanguage),
        };
        var changed = await store.SaveAsync(wanted, cancellationToken);
        if (changed)
        {
            await audit.RecordChangeAsync(AuditEventTypes.SignInExperienceUpdated, cancellationToken);
        }
        return (ToView(wanted), changed);
    }

    // A language with custom phrases is one the pages speak too, so it may be the fallback language (stored in its
    // conventional casing). The seed file keeps to the built-in languages: it runs before any phrases can exist.
    private async Task<IReadOnlyList<DefinitionError>> WithCustomLanguagesAsync(
        SignInExperienceDefinition patch, IReadOnlyList<DefinitionError> problems, CancellationToken cancellationToken)
    {
        const string Field = "languageInfo.fallbackLanguage";
        if (patch.LanguageInfo?.FallbackLanguage is not { } fallback || !problems.Any(p => p.Path == Field) ||
            LanguageTags.Canonical(fallback) is not { Length: <= SignInExperienceRecord.MaxFallbackLanguageLength } tag ||
            !await db.CustomPhrases.AnyAsync(p => p.LanguageTag == tag, cancellationToken))
        {
            return problems;
        }
        patch.LanguageInfo.FallbackLanguage = tag;
        return [.. problems.Where(p => p.Path != Field)];
    }

    private static SignInBranding Patch(SignInBranding current, SignInExperienceDefinition patch) => current with
    {
        AppName = patch.Branding?.AppName?.Trim() ?? current.AppName,
        LogoUrl = Optional(patch.Branding?.LogoUrl, current.LogoUrl),
        DarkLogoUrl = Optional(patch.Branding?.DarkLogoUrl, current.DarkLogoUrl),
        PrimaryColor = patch.Color?.PrimaryColor ?? current.PrimaryColor,
        IsDarkModeEnabled = patch.Color?.IsDarkModeEnabled ?? current.IsDarkModeEnabled,
        DarkPrimaryColor = patch.Color?.DarkPrimaryColor ?? current.DarkPrimaryColor,
        ColorScheme = patch.ColorScheme is { } scheme ? Enum.Parse<ColorScheme>(scheme, ignoreCase: true) : current.ColorScheme,
        CustomCss = Optional(patch.CustomCss, current.CustomCss),
        TermsOfUseUrl = Optional(patch.TermsOfUseUrl, current.TermsOfUseUrl),
        PrivacyPolicyUrl = Optional(patch.PrivacyPolicyUrl, current.PrivacyPolicyUrl),
    };

    // Left out (null) keeps the current value; "" removes it (JSON null cannot: it reads the same as left out).
    private static string? Optional(string? sent, string? current) => sent is null ? current : sent.Length == 0 ? null : sent;

    private static SignInExperienceView ToView(SignInExperienceSettings settings)
    {
        var branding = settings.Branding;
        return new(
            new SignUpView(settings.SignUpIdentifiers, settings.SignUpPassword),
            settings.SignInMode.ToString(),
            settings.SocialSignInConnectorTargets,
            new SocialSignInView(settings.AutomaticAccountLinking),
            new BrandingView(branding.AppName, branding.LogoUrl, branding.DarkLogoUrl),
            new ColorView(branding.PrimaryColor, branding.IsDarkModeEnabled, branding.DarkPrimaryColor),
            branding.ColorScheme switch { ColorScheme.Light => "light", ColorScheme.Dark => "dark", _ => "auto" },
            branding.CustomCss,
            branding.TermsOfUseUrl,
            branding.PrivacyPolicyUrl,
            new LanguageInfoView(settings.LanguageInfo.AutoDetect, settings.LanguageInfo.FallbackLanguage));
    }
}
