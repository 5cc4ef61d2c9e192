using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>An API resource as admins see it (Logto's shape).</summary>
public sealed record ResourceView(string Id, string Indicator, string Name, int AccessTokenTtl, DateTimeOffset CreatedAt);

/// <summary>A scope of an API resource as admins see it.</summary>
public sealed record ScopeView(string Id, string ResourceId, string Name, string? Description, DateTimeOffset CreatedAt);

/// <summary>A partial update: null fields are left as they are. The indicator is here only to refuse changing it.</summary>
public sealed record ResourcePatch(string? Name, int? AccessTokenTtl, string? Indicator = null);

/// <summary>A partial update of a scope: null fields are left as they are.</summary>
public sealed record ScopePatch(string? Name, string? Description);

/// <summary>
/// API resources and their scopes, for the three admin doors. Deleting a resource deletes its scopes, and with them
/// the grants of those scopes by roles (cascading deletes), so the next token for it is refused.
/// </summary>
public sealed class ResourceAdmin(IdentityDataContext db, TimeProvider clock, IAuditLog audit)
{
    public async Task<IReadOnlyList<ResourceView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Resources.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(r => r.Indicator, StringComparer.Ordinal).Select(ToView)];

    /// <summary>The id of the resource with this indicator (or this id); 404 when there is none.</summary>
    public async Task<string> FindIdAsync(string indicatorOrId, CancellationToken cancellationToken) =>
        await db.Resources.Where(r => r.Indicator == indicatorOrId).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken)
        ?? (await FindAsync(indicatorOrId, cancellationToken)).Id;

    public async Task<ResourceView> GetAsync(string id, CancellationToken cancellationToken) => ToView(await FindAsync(id, cancellationToken));

    /// <summary>Creates a resource with the scopes given.</summary>
    public async Task<ResourceView> CreateAsync(ResourceDefinition input, CancellationToken cancellationToken)
    {
        AdminValidationException.ThrowIfAny(ResourceRules.ValidateResource(input));
        if (await db.Resources.AnyAsync(r => r.Indicator == input.Indicator, cancellationToken))
        {
            throw IndicatorTaken(input.Indicator!);
        }

        var now = clock.GetUtcNow();
        var resource = new ApiResource
        {
            Id = AdminIds.New(), Indicator = input.Indicator!, Name = input.Name!,
            AccessTokenTtl = input.AccessTokenTtl ?? ApiResource.DefaultAccessTokenTtl, CreatedAt = now,
            Scopes = [.. (input.Scopes ?? []).Select(s => NewScope(s, now))],
        };
        db.Resources.Add(resource);
        await db.SaveOrConflictAsync(() => db.Resources.AnyAsync(r => r.Indicator == input.Indicator, cancellationToken),
            IndicatorTaken(input.Indicator!), cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceCreated, resource, cancellationToken);
        return ToView(resource);
    }

    /// <summary>Changes the name or token lifetime. The indicator is fixed: tokens already issued carry it as their audience.</summary>
    public async Task<ResourceView> UpdateAsync(string id, ResourcePatch patch, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(id, cancellationToken);
        var errors = new List<DefinitionError>();
        if (patch.Indicator is not null && patch.Indicator != resource.Indicator)
        {
            errors.Add(new("indicator", "cannot be changed after the resource is created (Logto does not allow it either): " +
                "tokens already issued name it as their audience. Create a new resource instead."));
        }
        ResourceRules.ValidateNameAndTtl(patch.Name ?? resource.Name, patch.AccessTokenTtl, "", errors);
        AdminValidationException.ThrowIfAny(errors);

        resource.Name = patch.Name ?? resource.Name;
        resource.AccessTokenTtl = patch.AccessTokenTtl ?? resource.AccessTokenTtl;
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceUpdated, resource, cancellationToken);
        return ToView(resource);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        await db.DeleteEachAsync([await FindAsync(id, cancellationToken)],
            resource => RecordAsync(AuditEventTypes.ResourceDeleted, resource, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<ScopeView>> ListScopesAsync(string id, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(id, cancellationToken);
        return [.. resource.Scopes.OrderBy(s => s.Name, StringComparer.Ordinal).Select(ToView)];
    }

    public async Task<ScopeView> AddScopeAsync(string id, ScopeDefinition input, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(id, cancellationToken);
        AdminValidationException.ThrowIfAny(ResourceRules.ValidateScope(input));
        ThrowIfNameTaken(resource, input.Name!, exceptScopeId: null);

        var scope = NewScope(input, clock.GetUtcNow());
        resource.Scopes.Add(scope);
        await db.SaveOrConflictAsync(() => db.ResourceScopes.AnyAsync(s => s.ResourceId == resource.Id && s.Name == scope.Name, cancellationToken),
            ScopeNameTaken(resource, scope.Name), cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceUpdated, resource, cancellationToken, ("scopeAdded", scope.Name));
        return ToView(scope);
    }

    /// <summary>Renames a scope or changes its description; the roles that grant it keep granting it.</summary>
    public async Task<ScopeView> UpdateScopeAsync(string id, string scopeId, ScopePatch patch, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(id, cancellationToken);
        var scope = FindScope(resource, scopeId);
        AdminValidationException.ThrowIfAny(ResourceRules.ValidateScope(new ScopeDefinition
        {
            Name = patch.Name ?? scope.Name, Description = patch.Description ?? scope.Description,
        }));
        ThrowIfNameTaken(resource, patch.Name ?? scope.Name, exceptScopeId: scope.Id);

        scope.Name = patch.Name ?? scope.Name;
        scope.Description = patch.Description is null ? scope.Description : patch.Description.Length == 0 ? null : patch.Description;
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceUpdated, resource, cancellationToken, ("scopeUpdated", scope.Name));
        return ToView(scope);
    }

    /// <summary>Deletes a scope; roles stop granting it (cascading delete).</summary>
    public async Task DeleteScopeAsync(string id, string scopeId, CancellationToken cancellationToken)
    {
        var resource = await FindAsync(id, cancellationToken);
        var scope = FindScope(resource, scopeId);
        db.ResourceScopes.Remove(scope);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceUpdated, resource, cancellationToken, ("scopeDeleted", scope.Name));
    }

    /// <summary>
    /// Creates the resource, or updates its name, lifetime and scopes when they differ: the seed file's verb. The file's
    /// scopes are the whole set; a scope it renames is a scope deleted and another added (roles granting it lose it).
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(ResourceDefinition seed, CancellationToken cancellationToken)
    {
        var resource = await db.Resources.Include(r => r.Scopes).FirstOrDefaultAsync(r => r.Indicator == seed.Indicator, cancellationToken);
        if (resource is null)
        {
            await CreateAsync(seed, cancellationToken);
            return UpsertResult.Created;
        }

        var wanted = (seed.Scopes ?? []).ToDictionary(s => s.Name!, s => s.Description is { Length: > 0 } d ? d : null, StringComparer.Ordinal);
        var ttl = seed.AccessTokenTtl ?? ApiResource.DefaultAccessTokenTtl;
        var doomed = resource.Scopes.Where(s => !wanted.ContainsKey(s.Name)).ToList();
        var changed = resource.Scopes.Where(s => wanted.TryGetValue(s.Name, out var d) && d != s.Description).ToList();
        var added = wanted.Keys.Where(n => resource.Scopes.All(s => s.Name != n)).ToList();
        if (resource.Name == seed.Name && resource.AccessTokenTtl == ttl && doomed.Count + changed.Count + added.Count == 0)
        {
            return UpsertResult.Unchanged;
        }

        resource.Name = seed.Name!;
        resource.AccessTokenTtl = ttl;
        db.ResourceScopes.RemoveRange(doomed);
        changed.ForEach(s => s.Description = wanted[s.Name]);
        var now = clock.GetUtcNow();
        resource.Scopes.AddRange(added.Select(n => NewScope(new ScopeDefinition { Name = n, Description = wanted[n] }, now)));
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ResourceUpdated, resource, cancellationToken);
        return UpsertResult.Updated;
    }

    /// <summary>Deletes every resource whose indicator is not in <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> PruneAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
        await db.DeleteEachAsync((await db.Resources.ToListAsync(cancellationToken)).Where(r => !keep.Contains(r.Indicator)).ToList(),
            resource => RecordAsync(AuditEventTypes.ResourceDeleted, resource, cancellationToken), cancellationToken);

    private static void ThrowIfNameTaken(ApiResource resource, string name, string? exceptScopeId)
    {
        if (resource.Scopes.Any(s => s.Name == name && s.Id != exceptScopeId))
        {
            throw ScopeNameTaken(resource, name);
        }
    }

    private static ConflictException IndicatorTaken(string indicator) =>
        new("indicator", $"A resource with the indicator '{indicator}' already exists.");

    private static ConflictException ScopeNameTaken(ApiResource resource, string name) =>
        new("name", $"The resource '{resource.Indicator}' already has a scope named '{name}'.");

    private async Task<ApiResource> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Resources.Include(r => r.Scopes).FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new NotFoundException("Resource", id);

    private static ResourceScope FindScope(ApiResource resource, string scopeId) =>
        resource.Scopes.FirstOrDefault(s => s.Id == scopeId) ?? throw new NotFoundException("Scope", scopeId);

    private static ResourceScope NewScope(ScopeDefinition input, DateTimeOffset now) => new()
    {
        Id = AdminIds.New(), ResourceId = "", Name = input.Name!, Description = input.Description is { Length: > 0 } d ? d : null, CreatedAt = now,
    };

    private Task RecordAsync(string type, ApiResource resource, CancellationToken cancellationToken, params (string Key, string? Value)[] change) =>
        audit.RecordChangeAsync(type, cancellationToken,
            details: AdminAudit.Details([("resourceId", resource.Id), ("indicator", resource.Indicator), .. change]));

    private static ResourceView ToView(ApiResource r) => new(r.Id, r.Indicator, r.Name, r.AccessTokenTtl, r.CreatedAt);

    internal static ScopeView ToView(ResourceScope s) => new(s.Id, s.ResourceId, s.Name, s.Description, s.CreatedAt);
}
