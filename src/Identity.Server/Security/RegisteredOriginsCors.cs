using Identity.Server.Oidc;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Identity.Server.Security;

/// <summary>
/// CORS for single-page apps (check 66): Logto's browser SDK fetches discovery, the key set, the token, userinfo and
/// revocation endpoints from the app's own origin. Allowed only there, and only for origins of registered redirect
/// URIs; never on the authorization endpoint (a browser navigates there; RFC 9700 forbids it), the hosted pages, introspection
/// (confidential clients only) or the Management API. No credentials mode: these endpoints take tokens, not cookies.
/// </summary>
public static class RegisteredOriginsCors
{
    private static readonly PathString[] Paths =
    [
        OidcPaths.Prefix + "/" + OidcPaths.Configuration,
        OidcPaths.Prefix + "/" + OidcPaths.Jwks,
        OidcPaths.TokenRoute,
        OidcPaths.UserInfoRoute,
        OidcPaths.Prefix + "/" + OidcPaths.Revocation,
    ];

    public static IServiceCollection AddRegisteredOriginsCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<RegisteredOrigins>();
        return services;
    }

    public static IApplicationBuilder UseRegisteredOriginsCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Headers.ContainsKey(HeaderNames.Origin) || !Paths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var origins = await context.RequestServices.GetRequiredService<RegisteredOrigins>().GetAsync(context.RequestAborted);
        var policy = new CorsPolicyBuilder()
            .SetIsOriginAllowed(origins.Contains) // a predicate, so responses also carry Vary: Origin
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .AllowAnyHeader()
            .WithExposedHeaders(HeaderNames.WWWAuthenticate, HeaderNames.RetryAfter)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
        var cors = context.RequestServices.GetRequiredService<ICorsService>();
        var result = cors.EvaluatePolicy(context, policy);
        cors.ApplyResult(result, context.Response);

        // A preflight is answered here (with or without permission), before OpenIddict would refuse the OPTIONS method.
        if (result.IsPreflightRequest)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await next(context);
    });
}
