using Identity.Core.Applications;
using System.Collections.Immutable;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>The one place that decides which requested scopes an application gets.</summary>
public static class ScopeGrants
{
    /// <summary>
    /// For a user signing in to an app: the requested scopes that are standard user scopes, were granted to the app, or
    /// are scopes of the API resources requested with them (<paramref name="resourceScopes"/>; which of those the user's
    /// roles grant is decided per access token, by <see cref="ForResource"/>); anything else is dropped silently, as
    /// Logto does.
    /// </summary>
    public static async Task<ImmutableArray<string>> ForUserAsync(IOpenIddictApplicationManager applications, object application,
        IEnumerable<string> requested, IReadOnlySet<string> resourceScopes, CancellationToken cancellationToken)
    {
        var granted = ImmutableArray.CreateBuilder<string>();
        foreach (var scope in requested.Distinct(StringComparer.Ordinal))
        {
            if (UserScopes.All.Contains(scope) || resourceScopes.Contains(scope) ||
                await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, cancellationToken))
            {
                granted.Add(scope);
            }
        }
        return granted.ToImmutable();
    }

    /// <summary>
    /// An access token for an API resource carries the scopes that were asked for (the grant's, narrowed by a refresh's
    /// own <c>scope</c>), belong to that resource, and the holder's roles grant now: never one they do not.
    /// </summary>
    public static ImmutableArray<string> ForResource(IEnumerable<string> asked, IReadOnlySet<string> grantedByRoles) =>
        [.. asked.Distinct(StringComparer.Ordinal).Where(grantedByRoles.Contains)];

    /// <summary>
    /// A machine-to-machine app asking for a resource gets the scopes it asked for that its roles grant, or, asking for
    /// none, every scope its roles grant for that resource (RFC 6749 3.3 lets the server choose a default).
    /// </summary>
    public static ImmutableArray<string> ForApplicationResource(ImmutableArray<string> asked, IReadOnlySet<string> grantedByRoles) =>
        asked.IsDefaultOrEmpty ? [.. grantedByRoles.Order(StringComparer.Ordinal)] : ForResource(asked, grantedByRoles);

    /// <summary>For a machine-to-machine app: the scopes it asked for that it was not granted (empty when all are).</summary>
    public static async Task<IReadOnlyList<string>> NotGrantedAsync(
        IOpenIddictApplicationManager applications, object application, IEnumerable<string> requested, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var scope in requested.Distinct(StringComparer.Ordinal))
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, cancellationToken))
            {
                missing.Add(scope);
            }
        }
        return missing;
    }
}
