using System.Text.Json;
using Identity.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.SignInExperience;

/// <summary>
/// The sign-in experience in the database, read at every request so a change shows at once on every instance, and
/// once per request: the page's language, its model and its layout all ask (a journey read it six times in three
/// requests). Registered per request (scoped). Without a stored row it is Logto's open-source default.
/// </summary>
public sealed class SignInExperienceStore(IIdentityData data, TimeProvider clock) : ISignInExperienceProvider
{
    private SignInExperienceSettings? _read;

    public async ValueTask<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_read is { } read)
        {
            return read;
        }
        var record = await data.SignInExperiences.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == SignInExperienceRecord.DefaultId, cancellationToken);
        return _read = record is null ? SignInExperienceSettings.Default : ToSettings(record);
    }

    /// <summary>Stores the settings; returns false when they were already stored exactly so.</summary>
    public async Task<bool> SaveAsync(SignInExperienceSettings settings, CancellationToken cancellationToken = default)
    {
        _read = null;
        var record = await data.SignInExperiences.FirstOrDefaultAsync(r => r.Id == SignInExperienceRecord.DefaultId, cancellationToken);
        if (record is not null && Same(ToSettings(record), settings))
        {
            return false;
        }

        if (record is null)
        {
            record = new SignInExperienceRecord();
            data.SignInExperiences.Add(record);
        }

        record.SignInMode = settings.SignInMode;
        record.SignUpIdentifiers = JsonSerializer.Serialize(settings.SignUpIdentifiers);
        record.SignUpPassword = settings.SignUpPassword;
        record.SocialSignInConnectorTargets = JsonSerializer.Serialize(settings.SocialSignInConnectorTargets);
        record.AutomaticAccountLinking = settings.AutomaticAccountLinking;
        var branding = settings.Branding;
        record.AppName = branding.AppName;
        record.LogoUrl = branding.LogoUrl;
        record.DarkLogoUrl = branding.DarkLogoUrl;
        record.PrimaryColor = branding.PrimaryColor;
        record.IsDarkModeEnabled = branding.IsDarkModeEnabled;
        record.DarkPrimaryColor = branding.DarkPrimaryColor;
        record.ColorScheme = branding.ColorScheme;
        record.CustomCss = branding.CustomCss;
        record.TermsOfUseUrl = branding.TermsOfUseUrl;
        record.PrivacyPolicyUrl = branding.PrivacyPolicyUrl;
        record.AutoDetectLanguage = settings.LanguageInfo.AutoDetect;
        record.FallbackLanguage = settings.LanguageInfo.FallbackLanguage;
        record.UpdatedAt = clock.GetUtcNow();
        await data.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static SignInExperienceSettings ToSettings(SignInExperienceRecord record)
    {
        var defaults = SignInBranding.Default;
        return new(
            record.SignInMode,
            JsonSerializer.Deserialize<string[]>(record.SignUpIdentifiers) ?? [],
            record.SignUpPassword,
            JsonSerializer.Deserialize<string[]>(record.SocialSignInConnectorTargets) ?? [],
            record.AutomaticAccountLinking)
        {
            Branding = new SignInBranding
            {
                AppName = record.AppName ?? defaults.AppName,
                LogoUrl = record.LogoUrl,
                DarkLogoUrl = record.DarkLogoUrl,
                PrimaryColor = record.PrimaryColor ?? defaults.PrimaryColor,
                IsDarkModeEnabled = record.IsDarkModeEnabled ?? defaults.IsDarkModeEnabled,
                DarkPrimaryColor = record.DarkPrimaryColor ?? defaults.DarkPrimaryColor,
                ColorScheme = record.ColorScheme ?? defaults.ColorScheme,
                CustomCss = record.CustomCss,
                TermsOfUseUrl = record.TermsOfUseUrl,
                PrivacyPolicyUrl = record.PrivacyPolicyUrl,
            },
            LanguageInfo = new LanguageInfo(
                record.AutoDetectLanguage ?? LanguageInfo.Default.AutoDetect,
                record.FallbackLanguage ?? LanguageInfo.Default.FallbackLanguage),
        };
    }

    private static bool Same(SignInExperienceSettings left, SignInExperienceSettings right) =>
        left.SignInMode == right.SignInMode &&
        left.SignUpPassword == right.SignUpPassword &&
        left.AutomaticAccountLinking == right.AutomaticAccountLinking &&
        left.Branding == right.Branding &&
        left.LanguageInfo == right.LanguageInfo &&
        left.SignUpIdentifiers.SequenceEqual(right.SignUpIdentifiers) &&
        left.SocialSignInConnectorTargets.SequenceEqual(right.SocialSignInConnectorTargets);
}
