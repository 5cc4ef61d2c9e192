using System.Globalization;
using Identity.Server.Oidc;
using Identity.Ui.Errors;

namespace Identity.Server.Operations;

/// <summary>
/// 503 with Retry-After, in the format of the endpoint that was asked: the OAuth error <c>temporarily_unavailable</c>
/// as JSON at the back-channel OpenID Connect endpoints (token, userinfo, revocation, introspection...), problem details
/// at <c>/api</c> (with the given detail), and a localized page everywhere a browser is (hosted pages,
/// and the authorization and end-session endpoints). Used when the database is unreachable and when the server is too
/// busy to take a request.
/// </summary>
public static class ServiceUnavailableAnswer
{
    private static readonly PathString ManagementApi = "/api";
    private static readonly PathString Oidc = OidcPaths.Prefix;
    private static readonly PathString[] BrowserOidcEndpoints = [OidcPaths.AuthorizationRoute, OidcPaths.EndSessionRoute];

    public static Task WriteAsync(HttpContext context, int retryAfterSeconds, string problemDetail)
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
                    detail: problemDetail,
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
}
