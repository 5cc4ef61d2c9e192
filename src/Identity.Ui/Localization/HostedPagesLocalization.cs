using Identity.Core.SignInExperience;
using Identity.Ui.Branding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Identity.Ui.Localization;

/// <summary>
/// The hosted pages' languages: English and German built in, and any language an admin gave custom phrases
/// (<see cref="CustomPhraseLanguages"/>); chosen by ui_locales, then the browser's Accept-Language (unless the sign-in
/// experience turned auto-detect off), then the sign-in experience's fallback language. Each string is the admin's
/// custom phrase when there is one (<see cref="CustomPhraseLocalizer"/>), else the built-in text.
/// </summary>
public static class HostedPagesLocalization
{
    public static readonly string[] SupportedLanguages = [.. LanguageInfo.SupportedLanguages];

    public static IServiceCollection AddHostedPagesLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        // The built-in resources behind the custom phrases (the host registers ICustomPhrases).
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CustomPhraseLocalizerFactory>();
        services.AddHostedPagesBranding();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(SupportedLanguages[0])
                .AddSupportedCultures(SupportedLanguages)
                .AddSupportedUICultures(SupportedLanguages);
            // "de-AT" falls back to "de". (Back-channel requests skip the language choice altogether: see the server's BackChannelRequests.)
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CustomPhraseLanguages(),
                new UiLocalesCultureProvider(),
                new BrowserLanguageCultureProvider(),
                new SignInExperienceLanguageProvider(),
            ];
        });
        return services;
    }

    public static IApplicationBuilder UseHostedPagesLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();
}
