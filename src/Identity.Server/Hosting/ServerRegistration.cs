using Identity.Server.Data;
using Identity.Server.Keys;
using Identity.Server.Oidc;
using Identity.Server.Security;
using Identity.Server.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace Identity.Server.Hosting;

/// <summary>The composition root, in the order a request meets the pieces.</summary>
public static class ServerRegistration
{
    public const string ApplicationName = "Identity";

    public static WebApplicationBuilder AddIdentityServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var security = configuration.GetSection(ServerSecurityOptions.Section).Get<ServerSecurityOptions>() ?? new();
        var requireHttps = security.RequireHttps ?? !environment.IsDevelopment();

        // The hosted pages' stylesheet comes from the UI library's static web assets, also when run from a build folder.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddIdentityDatabase(configuration, environment);

        // One key ring for every instance, in the database: cookies and antiforgery tokens survive restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<IdentityDataContext>();

        builder.Services.AddAccounts(configuration, requireHttps);
        builder.Services.AddOidcServer(configuration, environment);
        builder.Services.AddScoped<SeedRunner>();
        builder.Services.AddAuthorization();
        builder.Services.AddControllersWithViews();
        builder.Services.AddRazorPages();
        return builder;
    }

    /// <summary>Migrates the database, loads the signing keys and applies the seed file, before taking requests.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDataContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer: sign-ins keep flowing while tokens are written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await services.GetRequiredService<SigningKeyRing>().LoadAsync(
            db, services.GetRequiredService<IDataProtectionProvider>(), services.GetRequiredService<TimeProvider>(), cancellationToken);

        // Build OpenIddict's options now, so a configuration mistake stops the start instead of failing a request.
        _ = services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        _ = services.GetRequiredService<IOptionsMonitor<OpenIddictServerAspNetCoreOptions>>().CurrentValue;

        if (app.Configuration["Seed:Path"] is { Length: > 0 } seedPath)
        {
            await services.GetRequiredService<SeedRunner>().ApplyFileAsync(
                Path.GetFullPath(seedPath, app.Environment.ContentRootPath), cancellationToken);
        }
    }

    public static WebApplication UseIdentityServer(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        app.MapRazorPages();
        return app;
    }
}
