using Identity.AdminConsole.SignInExperience;

namespace Identity.Server.Security;

/// <summary>
/// Security headers on every response: no framing (clickjacking on the sign-in form), no inline or foreign script,
/// no MIME sniffing, no referrer leaking authorization parameters.
/// Note: no CSP form-action, because browsers apply it to the redirects after a form post, which end at the app.
/// One exception to "no framing": the Admin Console's sign-in experience preview
/// (<see cref="SignInExperiencePreviewUrl.Path"/>), which the console's own page shows in an iframe. That route alone
/// may be framed, by this origin only (<c>frame-ancestors 'self'</c>, <c>X-Frame-Options: SAMEORIGIN</c>); it needs
/// the console permission and renders inert pages (no form posts anywhere), so framing it cannot click anything.
/// </summary>
public static class SecurityHeaders
{
    // The one inline script allowed is OpenIddict's form_post auto-submit, "document.form.submit();", by its hash, so
    // apps using response_mode=form_post (ASP.NET Core's OpenID Connect handler does by default) get their response.
    public const string FormPostScriptHash = "'sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI='";

    // frame-src 'self': what default-src gives anyway, written out because the console frames its preview.
    private const string Policy =
        "default-src 'self'; script-src 'self' " + FormPostScriptHash + "; style-src 'self'; img-src 'self' data: https:; " +
        "frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors ";

    private const string ContentSecurityPolicy = Policy + "'none'";

    private const string FramableContentSecurityPolicy = Policy + "'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var framable = context.Request.Path.Equals(SignInExperiencePreviewUrl.Path, StringComparison.OrdinalIgnoreCase);
            headers.ContentSecurityPolicy = framable ? FramableContentSecurityPolicy : ContentSecurityPolicy;
            headers.XFrameOptions = framable ? "SAMEORIGIN" : "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
