using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Localization;

/// <summary>The hosted pages' languages: English and German; chosen by ui_locales, then the browser's Accept-Language.</summary>
public static class HostedPagesLocalization
{
    public static readonly string[] SupportedLanguages = ["en", "de"];

    public static IServiceCollection AddHostedPagesLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(SupportedLanguages[0])
                .AddSupportedCultures(SupportedLanguages)
                .AddSupportedUICultures(SupportedLanguages);
            // "de-AT" falls back to "de".
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new UiLocalesCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static IApplicationBuilder UseHostedPagesLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();
}
