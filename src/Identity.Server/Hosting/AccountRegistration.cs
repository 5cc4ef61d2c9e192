using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Identity.Core.Accounts;
using Identity.Core.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Identity.Data;
using Identity.Server.Oidc;
using Identity.Server.Security;
using Microsoft.AspNetCore.Identity;

namespace Identity.Server.Hosting;

public static class AccountRegistration
{
    /// <summary>Adds ASP.NET Core Identity with Logto's username and password rules, lockout, and the session cookie.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration, bool requireHttps)
    {
        var security = configuration.GetSection(ServerSecurityOptions.Section).Get<ServerSecurityOptions>() ?? new();

        services.AddIdentity<UserAccount, IdentityRole>()
            .AddEntityFrameworkStores<IdentityDataContext>()
            .AddAccountRules(new LockoutSettings(security.MaxFailedSignIns, security.LockoutDuration, security.MaxLockoutDuration));

        services.ConfigureApplicationCookie(options =>
        {
            // The __Host- prefix needs Secure, so it is used whenever https is required.
            options.Cookie.Name = requireHttps ? "__Host-identity.session" : "identity.session";
            options.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.Path = "/";
            options.LoginPath = Identity.Core.Interaction.HostedPages.SignIn;
            options.ReturnUrlParameter = Identity.Core.Interaction.HostedPages.ReturnUrlParameter;
            // The pages decide where a signed-in user goes (HostedPages.SafeReturnUrl). The handler's own redirect, on
            // the sign-in page, copied the raw returnUrl into Location once the session was stored: a non-ASCII one
            // made a 500 of a sign-in the audit log had already recorded.
            options.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;

            // Idle timeout: each use of a session more than halfway to its expiry pushes the expiry back.
            options.ExpireTimeSpan = security.Session.IdleTimeout;
            options.SlidingExpiration = true;
        });

        // Server-side sessions: the cookie carries a key, the ticket stays in the database (dead after sign-out).
        // The absolute lifetime is checked on every request, chained before Identity's security stamp check.
        services.AddSingleton(provider => new SessionLifetime(security.Session, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore, SessionLifetime>((options, store, lifetime) =>
            {
                options.SessionStore = store;
                var signingIn = options.Events.OnSigningIn;
                options.Events.OnSigningIn = context =>
                {
                    lifetime.MarkStarted(context.Properties);
                    return signingIn(context);
                };
                var validateSecurityStamp = options.Events.OnValidatePrincipal;
                options.Events.OnValidatePrincipal = context => lifetime.ValidateAsync(context, validateSecurityStamp);
            });

        // Identity rebuilds the session's principal when it re-checks the security stamp (every 30 minutes): how and
        // when the user signed in is carried over, or max_age would ask again and ID tokens would lose auth_time.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.NewPrincipal?.Identity is ClaimsIdentity refreshed && context.CurrentPrincipal is { } current)
            {
                refreshed.AddClaims(current.Claims.Where(c => c.Type is SessionClaims.AuthenticationTime or SessionClaims.AuthenticationMethod));
            }
            return Task.CompletedTask;
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = requireHttps ? "__Host-identity.antiforgery" : "identity.antiforgery";
            options.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        services.AddScoped<IIdentityData>(provider => provider.GetRequiredService<IdentityDataContext>());
        return services;
    }
}
