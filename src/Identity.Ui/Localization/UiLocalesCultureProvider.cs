using Identity.Core.Interaction;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Ui.Localization;

/// <summary>
/// The language an app asked for with OpenID Connect's <c>ui_locales</c>: on the authorization request itself, or on
/// a hosted page through the authorization request it will resume (its <c>returnUrl</c>). The first supported
/// language in the space-separated list wins.
/// </summary>
public sealed class UiLocalesCultureProvider : RequestCultureProvider
{
    public const string Parameter = "ui_locales";

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var query = httpContext.Request.Query;
        var uiLocales = query[Parameter].ToString();
        if (string.IsNullOrEmpty(uiLocales) && query[HostedPages.ReturnUrlParameter].ToString() is { Length: > 0 } returnUrl &&
            HostedPages.IsLocalUrl(returnUrl) && returnUrl.IndexOf('?', StringComparison.Ordinal) is var mark and >= 0)
        {
            uiLocales = QueryHelpers.ParseQuery(returnUrl[mark..]).TryGetValue(Parameter, out var values) ? values.ToString() : string.Empty;
        }

        var languages = uiLocales.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Task.FromResult(languages.Length == 0
            ? NullProviderCultureResult.Result
            : new ProviderCultureResult([.. languages.Select(l => new Microsoft.Extensions.Primitives.StringSegment(l))]));
    }
}
