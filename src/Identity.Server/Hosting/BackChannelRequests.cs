using Identity.Server.Oidc;

namespace Identity.Server.Hosting;

/// <summary>
/// Requests that machines send and that never render a hosted page: discovery, JWKS, the token endpoint and its
/// revocation and introspection, userinfo, the Management API. They skip the pages' language choice, which reads the
/// sign-in experience from the database (a third of the cost of a discovery request when it ran for every request).
/// </summary>
public static class BackChannelRequests
{
    private static readonly PathString[] Paths =
    [
        OidcPaths.Prefix + "/.well-known",
        OidcPaths.Prefix + "/" + OidcPaths.Jwks,
        OidcPaths.TokenRoute, // also token/revocation and token/introspection
        OidcPaths.UserInfoRoute,
        "/api",
    ];

    public static bool Matches(PathString path)
    {
        foreach (var backChannel in Paths)
        {
            if (path.StartsWithSegments(backChannel, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
