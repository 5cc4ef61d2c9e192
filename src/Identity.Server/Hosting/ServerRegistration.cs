using Microsoft.AspNetCore.HttpOverrides;
using Identity.Admin;
using Identity.AdminConsole;
using Identity.Server.Audit;
using Identity.Ui.Localization;
using Identity.Data;
using Identity.Server.Oidc;
using Identity.Server.Operations;
using Identity.Server.Security;
using Identity.Admin.ManagementApi;
using Identity.Core;
using Identity.Ui;
using Identity.Core.Phrases;
using Identity.Server.Phrases;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.Server.Hosting;

/// <summary>The composition root, in the order a request meets the pieces.</summary>
public static class ServerRegistration
{
    public static WebApplicationBuilder AddIdentityServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var requireHttps = ServerSecurityOptions.RequiresHttps(configuration, environment);

        // Size limits on request lines, headers, bodies and forms: see Security/RequestLimits.cs.
        builder.AddRequestLimits();

        // The hosted pages' stylesheet comes from the UI library's static web assets, also when run from a build folder.
        builder.WebHost.UseStaticWebAssets();

        // First of the hosted services, which start in registration order: the database must be migrated before
        // Data Protection's own hosted service reads its key ring from it.
        builder.Services.AddHostedService<StartupPreparation>();

        // What the product is made of, apart from the web: the CLI composes the same (see IdentityServices).
        builder.Services.AddIdentityServices(configuration, environment);

        // Operations: health endpoints, background cleanup, metrics export and traces, graceful shutdown (README: Operations).
        builder.Services.AddIdentityHealthChecks();
        builder.Services.Configure<CleanupOptions>(configuration.GetSection(CleanupOptions.Section));
        builder.Services.AddSingleton<TokenCleanup>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<TokenCleanup>());
        builder.Services.AddIdentityTelemetry(configuration);
        builder.Services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = configuration.GetValue("ShutdownTimeout", TimeSpan.FromSeconds(30)));

        builder.Services.AddHostedPages(requireHttps);
        // The pages' custom phrases, in memory and kept current like the applications (README: Custom phrases).
        builder.Services.AddSingleton<CustomPhraseSnapshot>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICustomPhrases>(provider => provider.GetRequiredService<CustomPhraseSnapshot>()));
        builder.Services.AddHostedService<CustomPhraseSnapshotRefresher>();
        builder.Services.AddFailureRateLimiting(configuration);
        builder.Services.AddRegisteredOriginsCors();

        // A year, as OWASP ASVS 3.4.1 asks (ASP.NET's default is 30 days). Not includeSubDomains: sibling hosts under
        // the same domain may be run by others and still need plain http; whoever owns the domain can opt in at the
        // proxy. Sent on https responses only, and never for localhost.
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        builder.Services.AddMetadataResponseCache();
        builder.Services.AddAuthorization();
        builder.Services.AddControllersWithViews();
        builder.Services.AddManagementApi();
        builder.Services.AddAdminConsole(configuration, requireHttps);
        return builder;
    }

    public static WebApplication UseIdentityServer(this WebApplication app)
    {
        // First, so everything after (HSTS, the https requirement, the failure limit) sees the client's address and scheme.
        if (ServerSecurityOptions.From(app.Configuration).TrustForwardedHeaders)
        {
            // X-Forwarded-For: the entry our proxy appended (ForwardLimit 1), not the client-supplied ones before it.
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        // Before anything that may answer on its own (error page, https redirect, 429, 404), so all answers carry them.
        app.UseSecurityHeaders();
        app.UseNoStoreResponses();

        if (!app.Environment.IsDevelopment())
        {
            // Unexpected failures get the friendly error page (details stay in the log, under the same id).
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        // Probes and scrapes: before the https requirement (they come over plain http from inside the cluster), the
        // failure limit and authentication; answered by middleware, without routing or a database session.
        app.UseIdentityHealthEndpoints();
        app.UseIdentityMetricsEndpoint(app.Configuration);

        if (ServerSecurityOptions.RequiresHttps(app.Configuration, app.Environment))
        {
            app.UseHttpsRequirement();
        }

        // Everything past here waits in line when the server is saturated (probes and scrapes above never do).
        app.UseRequestConcurrencyLimit(app.Configuration);

        app.UseStaticFiles();
        app.UseWhen(context => !BackChannelRequests.Matches(context.Request.Path), pages => pages.UseHostedPagesLocalization());

        // A database that is down or unreachable gets 503 + Retry-After in each endpoint's own format, not the 500 page.
        // Inside the localization (the page speaks the user's language), outside CORS (which reads registered origins
        // from the database) and everything else that may touch it.
        app.UseDatabaseUnavailableAnswers();
        app.UseLenientUserInfoPost();

        // CORS before the failure limit, so a browser app can read its 429; both before OpenIddict answers anything.
        app.UseRegisteredOriginsCors();
        app.UseFailureRateLimiting();

        // Discovery and JWKS from memory while the keys and the clock allow (after CORS: a cached answer keeps its headers).
        app.UseMetadataResponseCache();

        // Every form is read once, here, under the size limits: a malformed or oversized one gets a clear 400/413
        // instead of an exception wherever it would first have been read (model binding, OpenIddict, our filters).
        app.UseFormReadingGate();
        // Plain, valid client-credentials and refresh requests are answered here; everything else goes on to OpenIddict.
        app.UseDirectTokenEndpoint(app.Configuration);
        // The console's own 403/404 pages (re-executed through routing), or 404 everywhere when it is turned off.
        app.UseAdminConsole();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        app.MapHostedPages();
        app.MapManagementApi();
        return app;
    }
}
