namespace Identity.Server.Security;

/// <summary>
/// Security headers on every response: no framing (clickjacking on the sign-in form), no inline or foreign script,
/// no MIME sniffing, no referrer leaking authorization parameters.
/// Note: no CSP form-action, because browsers apply it to the redirects after a form post, which end at the app.
/// </summary>
public static class SecurityHeaders
{
    // The one inline script allowed is OpenIddict's form_post auto-submit, "document.form.submit();", by its hash, so
    // apps using response_mode=form_post (ASP.NET Core's OpenID Connect handler does by default) get their response.
    public const string FormPostScriptHash = "'sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI='";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' " + FormPostScriptHash + "; style-src 'self'; img-src 'self' data: https:; " +
        "frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
