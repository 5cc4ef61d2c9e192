using System.Globalization;
using Identity.Core.Interaction;
using Identity.Server.Oidc;
using Identity.Ui.Throttling;

namespace Identity.Server.Security;

/// <summary>
/// Per-address limit on failures (OWASP ASVS 6.1.1/6.3.1; our check 56): failed sign-ins and sign-ups on the hosted
/// pages and failed social callbacks, failed client authentication at the token, revocation and introspection
/// endpoints, and unauthenticated Management API calls. Each <see cref="FailureSurface"/> is counted and limited on its
/// own (<see cref="FailureRateLimitSettings"/>): an address over one surface's limit gets 429 with Retry-After on that
/// surface's endpoints until its window ends, and is still served on the others. Successful requests are neither
/// counted nor refused while the address is under the limit. Counters are per instance.
/// </summary>
public static class FailureRateLimiting
{
    private static readonly PathString[] SignInPaths = [HostedPages.SignIn, HostedPages.Register, HostedPages.SocialCallback];

    private static readonly PathString[] ClientAuthenticationPaths =
    [
        OidcPaths.TokenRoute, OidcPaths.Prefix + "/" + OidcPaths.Revocation, OidcPaths.Prefix + "/" + OidcPaths.Introspection,
    ];

    private static readonly PathString ManagementApiPath = "/api";

    public static IServiceCollection AddFailureRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        // Read while composing, so a bad value stops the start before the server listens.
        var limits = FailureRateLimitSettings.Read(configuration);
        services.AddSingleton(provider => new FailureCounters(
            limits, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<FailureCounter>>()));
        return services;
    }

    public static IApplicationBuilder UseFailureRateLimiting(this IApplicationBuilder app)
    {
        var counters = app.ApplicationServices.GetRequiredService<FailureCounters>();
        return counters.AnyEnabled ? app.Use((context, next) => LimitAsync(context, next, counters)) : app;
    }

    private static async Task LimitAsync(HttpContext context, RequestDelegate next, FailureCounters counters)
    {
        if (SurfaceOf(context.Request.Path) is not { } surface || counters.For(surface) is not { Enabled: true } counter)
        {
            await next(context);
            return;
        }

        var client = ClientAddress.KeyFor(context.Connection.RemoteIpAddress);
        if (counter.RetryAfter(client) is { } wait)
        {
            await RefuseAsync(context, surface, (int)Math.Ceiling(wait.TotalSeconds));
            return;
        }

        var attempt = new FailedAttempt();
        context.Features.Set<IFailedAttemptFeature>(attempt);
        await next(context);

        // Pages report their failures; at the OAuth endpoints a 401 means invalid_client (OpenIddict answers every other
        // token, revocation and introspection error with 400 or 200), and at /api it means no valid token.
        if (attempt.Failed || (surface != FailureSurface.SignIn && context.Response.StatusCode == StatusCodes.Status401Unauthorized))
        {
            counter.RecordFailure(client);
        }
    }

    // By segments, not equality: routing also answers "/sign-in/", which must not be a way around the limit.
    private static FailureSurface? SurfaceOf(PathString path) =>
        SignInPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? FailureSurface.SignIn
        : ClientAuthenticationPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ? FailureSurface.ClientAuthentication
        : path.StartsWithSegments(ManagementApiPath, StringComparison.OrdinalIgnoreCase) ? FailureSurface.ManagementApi
        : null;

    private static Task RefuseAsync(HttpContext context, FailureSurface surface, int retryAfterSeconds)
    {
        var response = context.Response;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        switch (surface)
        {
            case FailureSurface.SignIn:
                return TooManyRequestsPage.WriteAsync(context, retryAfterSeconds);

            case FailureSurface.ClientAuthentication:
                // temporarily_unavailable: RFC 6749 registers it for the authorization endpoint only, but it is the one
                // standard code that tells a client "not your fault, retry later"; OAuth libraries surface unknown codes
                // as a plain error, and none treat it as bad credentials (invalid_client would make some drop or rotate
                // their secret). Status 429 and Retry-After carry the rest for generic HTTP retry handlers.
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                return response.WriteAsJsonAsync(new Dictionary<string, string>
                {
                    ["error"] = "temporarily_unavailable",
                    ["error_description"] = "Too many failed client authentications from this address. Try again later.",
                });

            default:
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts.",
                    detail: $"Too many failed authentications from this address. Try again in {retryAfterSeconds} seconds.")
                    .ExecuteAsync(context);
        }
    }

    private sealed class FailedAttempt : IFailedAttemptFeature
    {
        public bool Failed { get; private set; }

        public void ReportFailure() => Failed = true;
    }
}
