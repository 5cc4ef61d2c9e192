using Identity.Core.Applications;
using System.Collections.Immutable;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>The one place that decides which requested scopes an application gets.</summary>
public static class ScopeGrants
{
    /// <summary>
    /// For a user signing in to an app: the requested scopes that are standard user scopes or were granted to the app;
    /// anything else is dropped silently, as Logto does.
    /// </summary>
    public static async Task<ImmutableArray<string>> ForUserAsync(
        IOpenIddictApplicationManager applications, object application, IEnumerable<string> requested, CancellationToken cancellationToken)
    {
        var granted = ImmutableArray.CreateBuilder<string>();
        foreach (var scope in requested.Distinct(StringComparer.Ordinal))
        {
            if (UserScopes.All.Contains(scope) ||
                await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, cancellationToken))
            {
                granted.Add(scope);
            }
        }
        return granted.ToImmutable();
    }

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
