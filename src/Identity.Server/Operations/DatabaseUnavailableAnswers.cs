using System.Globalization;
using Identity.Server.Oidc;
using Identity.Ui.Errors;

namespace Identity.Server.Operations;

/// <summary>
/// Answers a request that failed because the database is unavailable (see <see cref="DatabaseFailures"/>) with 503
/// and Retry-After, in the format of the endpoint that was asked: the OAuth error <c>temporarily_unavailable</c> as
/// JSON at the back-channel OpenID Connect endpoints (token, userinfo, revocation, introspection...), problem details
/// at <c>/api</c>, and a localized page everywhere a browser is (hosted pages, and the authorization and end-session
/// endpoints). Nothing is cached: the next request tries the database again, so service resumes by itself.
/// </summary>
public static partial class DatabaseUnavailableAnswers
{
    /// <summary>What Retry-After says: long enough for a restarting database, short enough for a user to wait.</summary>
    public const int RetryAfterSeconds = 15;

    private static readonly PathString ManagementApi = "/api";
    private static readonly PathString Oidc = OidcPaths.Prefix;
    private static readonly PathString[] BrowserOidcEndpoints = [OidcPaths.AuthorizationRoute, OidcPaths.EndSessionRoute];

    public static IApplicationBuilder UseDatabaseUnavailableAnswers(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailableAnswers).FullName!);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) &&
                                              !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                LogUnavailable(logger, context.Request.Method, context.Request.Path, context.TraceIdentifier, exception);
                await AnswerAsync(context);
            }
        });
    }

    /// <summary>The 503 of the asked endpoint's surface; also used for a server too busy to take the request.</summary>
    public static Task AnswerAsync(HttpContext context, int retryAfterSeconds = RetryAfterSeconds,
        string? problemDetail = null)
    {
        // Whatever the failed request had started to set goes, except its CORS headers: a browser app must be able
        // to read the 503 from the token endpoint.
        var response = context.Response;
        var cors = response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) ||
                                               h.Key.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            .ToList();
        response.Clear();
        foreach (var (name, value) in cors)
        {
            response.Headers[name] = value;
        }

        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var path = context.Request.Path;
        if (path.StartsWithSegments(ManagementApi, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable.",
                    detail: problemDetail ?? $"The server cannot reach its database. Try again in {RetryAfterSeconds} seconds.",
                    extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier })
                .ExecuteAsync(context);
        }

        if (path.StartsWithSegments(Oidc, StringComparison.OrdinalIgnoreCase) &&
            !BrowserOidcEndpoints.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            // RFC 6749 registers temporarily_unavailable for the authorization endpoint; elsewhere it is still the one
            // standard code that says "not your fault, retry later" (see Security/FailureRateLimiting.cs).
            return response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "temporarily_unavailable",
                ["error_description"] = "The server is temporarily unable to handle the request. Try again later.",
            });
        }

        return ServiceUnavailablePage.WriteAsync(context, retryAfterSeconds);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "The database is unavailable: {Method} {Path} was answered with 503 (correlation id {CorrelationId}).")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string correlationId, Exception exception);
}
