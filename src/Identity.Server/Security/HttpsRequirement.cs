namespace Identity.Server.Security;

/// <summary>
/// With <c>Security:RequireHttps</c> on, a plain-http request is sent to https (GET and HEAD) or refused with a clear
/// message, instead of failing deeper down (Secure cookies and antiforgery cannot work over http). Behind a proxy that
/// terminates TLS, the proxy must pass X-Forwarded-Proto (see README).
/// </summary>
public static class HttpsRequirement
{
    public static IApplicationBuilder UseHttpsRequirement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.IsHttps)
        {
            await next(context);
            return;
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            context.Response.Redirect($"https://{request.Host}{request.PathBase}{request.Path}{request.QueryString}", permanent: false, preserveMethod: true);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("This server requires https. Set Security:RequireHttps=false to allow plain http (for loopback and tests).");
    });
}
