using Identity.Ui.Branding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Localization;

/// <summary>The browser's Accept-Language, unless the sign-in experience turned Logto's <c>languageInfo.autoDetect</c> off.</summary>
public sealed class BrowserLanguageCultureProvider : AcceptLanguageHeaderRequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (httpContext.Request.Headers.AcceptLanguage.Count == 0)
        {
            return NullProviderCultureResult.Result;
        }

        if (!(await httpContext.RequestServices.GetRequiredService<RequestSignInExperience>().GetAsync(httpContext.RequestAborted)).LanguageInfo.AutoDetect)
        {
            return NullProviderCultureResult.Result;
        }
        return await base.DetermineProviderCultureResult(httpContext);
    }
}

/// <summary>
/// The last word: the sign-in experience's <c>languageInfo.fallbackLanguage</c>, for a browser that asked for no
/// language the pages speak (or whose language is ignored because auto-detect is off).
/// </summary>
public sealed class SignInExperienceLanguageProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var experience = await httpContext.RequestServices.GetRequiredService<RequestSignInExperience>().GetAsync(httpContext.RequestAborted);
        return new ProviderCultureResult(experience.LanguageInfo.FallbackLanguage);
    }
}
