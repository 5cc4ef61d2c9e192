namespace Identity.Server.Oidc;

/// <summary>
/// A userinfo POST that carries its token in the Authorization header often has no body and no Content-Type
/// (OpenID Connect Core 5.3.1 allows it). OpenIddict insists on a form content type, so an empty POST is labelled
/// as an empty form before it gets there.
/// </summary>
public static class LenientUserInfoPost
{
    public static IApplicationBuilder UseLenientUserInfoPost(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) &&
            request.Path.Equals(OidcPaths.UserInfoRoute, StringComparison.OrdinalIgnoreCase) &&
            string.IsNullOrEmpty(request.ContentType) &&
            request.ContentLength is null or 0)
        {
            request.ContentType = "application/x-www-form-urlencoded";
        }
        return next(context);
    });
}
