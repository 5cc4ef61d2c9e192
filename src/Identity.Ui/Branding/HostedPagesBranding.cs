using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;

namespace Identity.Ui.Branding;

/// <summary>The sign-in experience's branding on every hosted page: the per-request experience and <c>/branding.css</c>.</summary>
public static class HostedPagesBranding
{
    public const string StylesheetContentType = "text/css; charset=utf-8";

    public static IServiceCollection AddHostedPagesBranding(this IServiceCollection services)
    {
        services.TryAddScoped<RequestSignInExperience>();
        services.TryAddScoped<SignInExperiencePreview>();
        return services;
    }

    /// <summary>
    /// <c>GET /branding.css</c>, anonymous. <c>no-cache</c> with an ETag: the browser asks every time and mostly gets a
    /// 304, so an edit shows at the next page load without a cache-busting link.
    /// </summary>
    public static IEndpointConventionBuilder MapHostedPagesBranding(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(BrandingStylesheet.Path, async (HttpContext context, RequestSignInExperience experience) =>
            {
                var settings = await experience.GetAsync(context.RequestAborted);
                var content = Encoding.UTF8.GetBytes(BrandingStylesheet.Create(settings.Branding));
                context.Response.Headers.CacheControl = "no-cache";
                var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
                return TypedResults.Bytes(content, StylesheetContentType, entityTag: etag);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
}
