using Identity.Admin.ManagementApi;
using Identity.Server.Oidc;

namespace Identity.Server.Security;

/// <summary>
/// Answers that carry tokens, personal data or secrets are never kept by a browser or a proxy: the token endpoint and
/// its revocation and introspection (RFC 6749 5.1, RFC 7662 4), userinfo (personal data) and every answer of the
/// Management API (users, client secrets) but its public seed schema. Set as middleware, so refusals, 404s, 429s and
/// 503s carry it too. <c>Pragma: no-cache</c> is for HTTP/1.0 caches, as the token endpoint already sends it.
/// </summary>
public static class NoStoreResponses
{
    private static readonly PathString[] Paths =
    [
        OidcPaths.TokenRoute, // also token/revocation and token/introspection
        OidcPaths.UserInfoRoute,
        "/api",
    ];

    // Anonymous documents anyone may cache: the seed file's JSON Schema sets its own public caching.
    private static readonly PathString[] PublicDocuments = [SeedSchemaEndpoint.Path];

    public static bool Matches(PathString path)
    {
        foreach (var document in PublicDocuments)
        {
            if (path.Equals(document, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        foreach (var sensitive in Paths)
        {
            if (path.StartsWithSegments(sensitive, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static IApplicationBuilder UseNoStoreResponses(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (Matches(context.Request.Path))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Pragma = "no-cache";
                return Task.CompletedTask;
            });
        }
        return next(context);
    });
}
