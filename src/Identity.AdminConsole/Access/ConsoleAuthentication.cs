using Identity.Admin.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Identity.AdminConsole.Access;

/// <summary>
/// How a person enters the console: the console cookie, issued after the console's OpenID Connect client signed the
/// person in at this server's own endpoints (code + PKCE, the ID token checked against the server's signing keys in
/// process), and the console permission, read on every request so taking it takes effect at once.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string StartedItem = "console.started";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services, ConsoleOptions console, bool requireHttps)
    {
        var secure = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddHttpContextAccessor();
        services.AddSingleton<SameServerConfiguration>();
        services.AddSingleton<SameServerBackchannel>();
        services.AddScoped<IAuthorizationHandler, ConsolePermissionHandler>();
        services.AddAuthorizationBuilder().AddPolicy(ConsoleSchemes.Policy, policy => policy
            .AddAuthenticationSchemes(ConsoleSchemes.Cookie)
            .RequireAuthenticatedUser()
            .AddRequirements(new ConsolePermission()));

        services.AddAuthentication()
            .AddCookie(ConsoleSchemes.Cookie, options =>
            {
                // The __Host- prefix needs Secure and Path=/, so it is used whenever https is required.
                options.Cookie.Name = requireHttps ? "__Host-identity.console" : "identity.console";
                options.Cookie.Path = "/";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = secure;
                // Every console request comes from a console page: no other site's link or form may carry the session.
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = console.IdleTimeout;
                options.SlidingExpiration = true;
                options.ForwardChallenge = ConsoleSchemes.OpenIdConnect;
                options.Events.OnSigningIn = context =>
                {
                    context.Properties.Items[StartedItem] = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O");
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = context => ConsoleSessionLifetime.ValidateAsync(context, console.SessionLifetime);
                // A person without the permission gets 403 here, not a redirect; the console's status page explains it.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(ConsoleSchemes.OpenIdConnect, options =>
            {
                options.SignInScheme = ConsoleSchemes.Cookie;
                options.ClientId = ConsoleClient.ClientId;
                options.CallbackPath = ConsoleClient.CallbackPath;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                // A console session that ended (idle or at its lifetime) asks for the password again, instead of being
                // renewed silently from the person's longer-lived session with the server.
                options.MaxAge = console.IdleTimeout;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "username";
                options.GetClaimsFromUserInfoEndpoint = false;
                options.SaveTokens = false;
                options.DisableTelemetry = true;
                // The console signs out itself (Pages/SignOut): no remote sign-out endpoints.
                options.RemoteSignOutPath = "/console/signout-oidc-unused";
                options.SignedOutCallbackPath = "/console/signed-out-oidc-unused";
                // Same-site round trip (/console → /oidc/auth → /console/signin-oidc, all GETs): Lax cookies reach the
                // callback, and need no Secure flag, which plain http on loopback could not give.
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = secure;
                options.CorrelationCookie.Path = ConsoleClient.CallbackPath;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = secure;
                options.NonceCookie.Path = ConsoleClient.CallbackPath;
                options.Events.OnRemoteFailure = context =>
                {
                    // A cancelled or refused sign-in (access_denied, an expired correlation) goes back to the console's
                    // start, which asks again, instead of the framework's exception page.
                    context.HandleResponse();
                    context.Response.Redirect("/console/signed-out?failed=1");
                    return Task.CompletedTask;
                };
            });

        services.AddOptions<OpenIdConnectOptions>(ConsoleSchemes.OpenIdConnect)
            .Configure<SameServerConfiguration, SameServerBackchannel>((options, configuration, backchannel) =>
            {
                // The metadata and keys come from this process, for the issuer the request is served under; the code
                // is redeemed over a connection to this server's own listener, never to a host a request named.
                options.ConfigurationManager = configuration;
                options.Backchannel = backchannel.Client;
            });
        return services;
    }
}
