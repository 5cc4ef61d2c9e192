using Identity.AdminConsole.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.AdminConsole;

/// <summary>The Admin Console at <c>/console</c>: its sign-in, its permission, its pages and the first admin's setup link.</summary>
public static class ConsoleRegistration
{
    public const string Area = "Console";

    public const string PathPrefix = "/console";

    /// <param name="requireHttps">Whether the console's cookies get the <c>__Host-</c> prefix and the Secure flag.</param>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services, IConfiguration configuration, bool requireHttps)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        services.AddSingleton(Options.Create(options));
        services.AddConsoleAuthentication(options, requireHttps);
        services.Configure<RazorPagesOptions>(pages =>
        {
            // Every console page needs the permission unless named here; the pages are in the area whether or not the
            // console is enabled, so this holds either way.
            pages.Conventions.AuthorizeAreaFolder(Area, "/", ConsoleSchemes.Policy);
            pages.Conventions.AllowAnonymousToAreaPage(Area, "/Setup/Index");
            pages.Conventions.AllowAnonymousToAreaPage(Area, "/SignedOut");
            pages.Conventions.AllowAnonymousToAreaPage(Area, "/SignOut");
            pages.Conventions.AllowAnonymousToAreaPage(Area, "/Status");
            pages.Conventions.AddAreaFolderApplicationModelConvention(Area, "/", model => model.Filters.Add(new RecordConsoleActor()));
        });
        services.AddScoped<SeedManaged>();
        services.AddSingleton<RecentSignIn>();
        services.AddSingleton<Applications.ServerAddress>();
        services.AddScoped<Areas.Console.Pages.Users.UserProfileReader>();
        services.AddHostedService<FirstAdminLink>();
        return services;
    }

    /// <summary>
    /// Before routing: a disabled console answers 404 everywhere; an enabled one renders its own page for 403 and 404
    /// (a person without the permission is told so, in the console's look, with the status kept).
    /// </summary>
    public static IApplicationBuilder UseAdminConsole(this IApplicationBuilder app)
    {
        var enabled = app.ApplicationServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled;
        return app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix), console =>
        {
            if (!enabled)
            {
                console.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
                return;
            }
            console.UseStatusCodePagesWithReExecute(PathPrefix + "/status/{0}");
        });
    }
}
