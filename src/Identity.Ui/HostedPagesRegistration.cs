using Identity.Ui.Branding;
using Identity.Ui.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui;

/// <summary>The hosted pages (sign-in, sign-up, social, sign-out, errors): their services and their endpoints.</summary>
public static class HostedPagesRegistration
{
    /// <param name="requireHttps">Whether cookies get the <c>__Host-</c> prefix and the Secure flag.</param>
    public static IServiceCollection AddHostedPages(this IServiceCollection services, bool requireHttps)
    {
        services.Configure<HostedPagesOptions>(options => options.RequireHttps = requireHttps);
        services.AddHostedPagesLocalization();
        services.AddRazorPages();
        return services;
    }

    /// <summary>The pages and the branding stylesheet they link to.</summary>
    public static IEndpointRouteBuilder MapHostedPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapHostedPagesBranding();
        return endpoints;
    }
}
