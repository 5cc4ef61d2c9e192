using Identity.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Resources;

/// <summary>
/// What the token path asks of resources and roles: is this indicator a registered resource, and which of its scopes
/// do a user's or an application's roles grant now. Read at each token, so a role removed or a resource deleted shows
/// at the next token (Logto's behaviour). Registered per request (scoped).
/// </summary>
public sealed class ResourceAccess(IIdentityData data)
{
    // Each indicator is read once per request: the endpoint's check that it is registered, the scopes it offers and the
    // token it is issued for all ask.
    private readonly Dictionary<string, ApiResource?> _read = new(StringComparer.Ordinal);

    /// <summary>The resource with this indicator (compared as written) and its scopes, or null.</summary>
    public async Task<ApiResource?> FindAsync(string indicator, CancellationToken cancellationToken)
    {
        if (!_read.TryGetValue(indicator, out var resource))
        {
            resource = await data.Resources.AsNoTracking().Include(r => r.Scopes)
                .FirstOrDefaultAsync(r => r.Indicator == indicator, cancellationToken);
            _read[indicator] = resource;
        }
        return resource;
    }

    /// <summary>The names of every scope of the resources with these indicators (those that exist).</summary>
    public async Task<IReadOnlySet<string>> ScopeNamesAsync(IEnumerable<string> indicators, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in indicators.Distinct(StringComparer.Ordinal))
        {
            if (await FindAsync(indicator, cancellationToken) is { } resource)
            {
                names.UnionWith(resource.Scopes.Select(scope => scope.Name));
            }
        }
        return names;
    }

    /// <summary>The scopes of <paramref name="resource"/> that the user's user roles grant.</summary>
    public async Task<IReadOnlySet<string>> GrantedToUserAsync(string userId, ApiResource resource, CancellationToken cancellationToken)
    {
        var roles = data.UserAccessRoles.Where(h => h.UserId == userId).Select(h => h.RoleId);
        return await GrantedAsync(roles, RoleType.User, resource, cancellationToken);
    }

    /// <summary>The scopes of <paramref name="resource"/> that the application's machine-to-machine roles grant.</summary>
    public async Task<IReadOnlySet<string>> GrantedToApplicationAsync(string applicationId, ApiResource resource, CancellationToken cancellationToken)
    {
        var roles = data.ApplicationRoles.Where(h => h.ApplicationId == applicationId).Select(h => h.RoleId);
        return await GrantedAsync(roles, RoleType.MachineToMachine, resource, cancellationToken);
    }

    private async Task<IReadOnlySet<string>> GrantedAsync(IQueryable<string> heldRoles, RoleType type, ApiResource resource, CancellationToken cancellationToken)
    {
        var names = await (
            from role in data.AccessRoles.AsNoTracking()
            where heldRoles.Contains(role.Id) && role.Type == type
            join grant in data.RoleScopes on role.Id equals grant.RoleId
            join scope in data.ResourceScopes on grant.ScopeId equals scope.Id
            where scope.ResourceId == resource.Id
            select scope.Name).Distinct().ToListAsync(cancellationToken);
        return names.ToHashSet(StringComparer.Ordinal);
    }
}
