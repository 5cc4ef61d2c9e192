using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>A role as admins see it (Logto's shape; <c>type</c> is <c>User</c> or <c>MachineToMachine</c>).</summary>
public sealed record RoleView(string Id, string Name, string? Description, string Type, DateTimeOffset CreatedAt);

/// <summary>A resource scope a role grants, with the resource it belongs to.</summary>
public sealed record RoleScopeView(string Id, string Name, string? Description, string ResourceId, string ResourceIndicator);

/// <summary>A partial update of a role: null fields are left as they are (the type is fixed, as in Logto).</summary>
public sealed record RolePatch(string? Name, string? Description);

/// <summary>
/// Roles and the resource scopes they grant, for the three admin doors. Deleting a role takes it from every user and
/// application that held it (cascading deletes); who holds a role is <see cref="RoleHolders"/>' business.
/// </summary>
public sealed class RoleAdmin(IdentityDataContext db, TimeProvider clock, IAuditLog audit)
{
    public async Task<IReadOnlyList<RoleView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.AccessRoles.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.Ordinal).Select(ToView)];

    public async Task<RoleView> GetAsync(string id, CancellationToken cancellationToken) => ToView(await FindAsync(id, cancellationToken));

    /// <summary>
    /// Creates a role (a User role when no type is given) granting the scopes named by <c>scopes</c> (the seed file's way)
    /// or by <paramref name="scopeIds"/> (the Management API's, as Logto's), if any.
    /// </summary>
    public async Task<RoleView> CreateAsync(RoleDefinition input, CancellationToken cancellationToken, IReadOnlyList<string?>? scopeIds = null)
    {
        var errors = new List<DefinitionError>(ResourceRules.ValidateRole(input));
        var resolved = await ResolveScopesAsync(input.Scopes, errors, cancellationToken);
        if (scopeIds is { Count: > 0 })
        {
            var known = await KnownIdsAsync(db.ResourceScopes.Select(s => s.Id), scopeIds, cancellationToken);
            errors.AddRange(HolderRules.IdList("scopeIds", scopeIds, known, "scope"));
            resolved.AddRange(scopeIds.OfType<string>().Where(known.Contains));
        }
        AdminValidationException.ThrowIfAny(errors);
        scopeIds = [.. resolved.Distinct(StringComparer.Ordinal)];
        await ThrowIfNameTakenAsync(input.Name!, exceptId: null, cancellationToken);

        var role = new Role
        {
            Id = AdminIds.New(), Name = input.Name!, Description = Optional(input.Description),
            Type = ResourceRules.ParseRoleType(input.Type) ?? RoleType.User, CreatedAt = clock.GetUtcNow(),
        };
        role.Scopes.AddRange(scopeIds.Select(s => new RoleScope { RoleId = role.Id, ScopeId = s! }));
        db.AccessRoles.Add(role);
        await db.SaveOrConflictAsync(() => db.AccessRoles.AnyAsync(r => r.Name == role.Name, cancellationToken), NameTaken(role.Name), cancellationToken);
        await RecordAsync(AuditEventTypes.RoleCreated, role, cancellationToken);
        return ToView(role);
    }

    public async Task<RoleView> UpdateAsync(string id, RolePatch patch, CancellationToken cancellationToken)
    {
        var role = await FindAsync(id, cancellationToken);
        AdminValidationException.ThrowIfAny(ResourceRules.ValidateRole(new RoleDefinition
        {
            Name = patch.Name ?? role.Name, Description = patch.Description ?? role.Description,
        }));
        await ThrowIfNameTakenAsync(patch.Name ?? role.Name, exceptId: role.Id, cancellationToken);

        role.Name = patch.Name ?? role.Name;
        role.Description = patch.Description is null ? role.Description : Optional(patch.Description);
        await db.SaveOrConflictAsync(() => db.AccessRoles.AnyAsync(r => r.Name == role.Name && r.Id != role.Id, cancellationToken), NameTaken(role.Name), cancellationToken);
        await RecordAsync(AuditEventTypes.RoleUpdated, role, cancellationToken);
        return ToView(role);
    }

    /// <summary>Deletes a role; every user and application holding it loses it (at their next token).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        await db.DeleteEachAsync([await FindAsync(id, cancellationToken)],
            role => RecordAsync(AuditEventTypes.RoleDeleted, role, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<RoleScopeView>> ListScopesAsync(string id, CancellationToken cancellationToken)
    {
        await FindAsync(id, cancellationToken);
        var scopes = await (
            from grant in db.RoleScopes.AsNoTracking()
            where grant.RoleId == id
            join scope in db.ResourceScopes on grant.ScopeId equals scope.Id
            join resource in db.Resources on scope.ResourceId equals resource.Id
            select new RoleScopeView(scope.Id, scope.Name, scope.Description, resource.Id, resource.Indicator)).ToListAsync(cancellationToken);
        return [.. scopes.OrderBy(s => s.ResourceIndicator, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Grants the scopes with these ids (those already granted stay granted); every unknown id is an error.</summary>
    public async Task<IReadOnlyList<RoleScopeView>> GrantScopesAsync(string id, IReadOnlyList<string?>? scopeIds, CancellationToken cancellationToken)
    {
        var role = await FindAsync(id, cancellationToken);
        var known = await KnownIdsAsync(db.ResourceScopes.Select(s => s.Id), scopeIds, cancellationToken);
        AdminValidationException.ThrowIfAny(HolderRules.IdList("scopeIds", scopeIds, known, "scope"));

        var added = scopeIds!.OfType<string>().Distinct(StringComparer.Ordinal).Where(s => role.Scopes.All(g => g.ScopeId != s)).ToList();
        if (added.Count > 0)
        {
            role.Scopes.AddRange(added.Select(s => new RoleScope { RoleId = role.Id, ScopeId = s }));
            await db.SaveChangesAsync(cancellationToken);
            await RecordAsync(AuditEventTypes.RoleUpdated, role, cancellationToken, ("scopesGranted", string.Join(' ', added)));
        }
        return await ListScopesAsync(id, cancellationToken);
    }

    /// <summary>Grants the scope named by a resource's indicator and the scope's name (the CLI's way to name it).</summary>
    public async Task GrantScopeAsync(string id, string indicator, string scopeName, CancellationToken cancellationToken) =>
        await GrantScopesAsync(id, [await FindScopeIdAsync(indicator, scopeName, cancellationToken)], cancellationToken);

    public async Task RevokeScopeAsync(string id, string scopeId, CancellationToken cancellationToken)
    {
        var role = await FindAsync(id, cancellationToken);
        var grant = role.Scopes.FirstOrDefault(g => g.ScopeId == scopeId) ?? throw new NotFoundException("Scope of the role", scopeId);
        role.Scopes.Remove(grant);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.RoleUpdated, role, cancellationToken, ("scopeRevoked", scopeId));
    }

    /// <summary>The id of the scope <paramref name="scopeName"/> of the resource <paramref name="indicator"/>; 404 when either is unknown.</summary>
    public async Task<string> FindScopeIdAsync(string indicator, string scopeName, CancellationToken cancellationToken)
    {
        var resource = await db.Resources.AsNoTracking().Include(r => r.Scopes).FirstOrDefaultAsync(r => r.Indicator == indicator, cancellationToken)
            ?? throw new NotFoundException("Resource", indicator);
        return resource.Scopes.FirstOrDefault(s => s.Name == scopeName)?.Id ?? throw new NotFoundException("Scope", $"{indicator} {scopeName}");
    }

    /// <summary>The id of the role named <paramref name="nameOrId"/> (or with that id); 404 when there is none.</summary>
    public async Task<string> FindIdAsync(string nameOrId, CancellationToken cancellationToken) =>
        await db.AccessRoles.Where(r => r.Name == nameOrId).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken)
        ?? (await FindAsync(nameOrId, cancellationToken)).Id;

    /// <summary>Creates the role, or updates its description, type and scopes when they differ: the seed file's verb.</summary>
    public async Task<UpsertResult> UpsertAsync(RoleDefinition seed, CancellationToken cancellationToken)
    {
        var role = await db.AccessRoles.Include(r => r.Scopes).FirstOrDefaultAsync(r => r.Name == seed.Name, cancellationToken);
        if (role is null)
        {
            await CreateAsync(seed, cancellationToken);
            return UpsertResult.Created;
        }

        var errors = new List<DefinitionError>();
        var wanted = (await ResolveScopesAsync(seed.Scopes, errors, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        AdminValidationException.ThrowIfAny(errors);
        var type = ResourceRules.ParseRoleType(seed.Type) ?? RoleType.User;
        if (type != role.Type)
        {
            // Its holders were chosen for its type: users for User roles, applications for MachineToMachine ones.
            throw AdminValidationException.For("type", $"cannot change from {role.Type} once the role is created (Logto does not allow it either); " +
                "give the role a new name instead.");
        }
        var description = Optional(seed.Description);
        if (role.Description == description && wanted.SetEquals(role.Scopes.Select(g => g.ScopeId)))
        {
            return UpsertResult.Unchanged;
        }

        role.Description = description;
        role.Scopes.RemoveAll(g => !wanted.Contains(g.ScopeId));
        role.Scopes.AddRange(wanted.Where(s => role.Scopes.All(g => g.ScopeId != s)).Select(s => new RoleScope { RoleId = role.Id, ScopeId = s }));
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.RoleUpdated, role, cancellationToken);
        return UpsertResult.Updated;
    }

    /// <summary>Deletes every role whose name is not in <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> PruneAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
        // The console's role is kept whatever the file says: pruning it would lock every person out of the console.
        await db.DeleteEachAsync((await db.AccessRoles.ToListAsync(cancellationToken))
                .Where(r => !keep.Contains(r.Name) && !(r.Name == Access.ConsoleAdmins.RoleName && r.Type == RoleType.User)).ToList(),
            role => RecordAsync(AuditEventTypes.RoleDeleted, role, cancellationToken), cancellationToken);

    // The scope ids of references written as the seed file writes them (resource indicator, scope name); each one that
    // names no stored scope is an error naming it.
    private async Task<List<string>> ResolveScopesAsync(List<RoleScopeReference>? references, List<DefinitionError> errors, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (references is not { Count: > 0 })
        {
            return ids;
        }
        var indicators = references.Select(r => r?.Resource).OfType<string>().Distinct().ToList();
        var stored = await db.Resources.AsNoTracking().Include(r => r.Scopes).Where(r => indicators.Contains(r.Indicator)).ToListAsync(cancellationToken);
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            var resource = stored.FirstOrDefault(r => r.Indicator == reference?.Resource);
            if (resource is null)
            {
                errors.Add(new($"scopes[{i}].resource", $"no resource has the indicator '{reference?.Resource}'."));
            }
            else if (resource.Scopes.FirstOrDefault(s => s.Name == reference!.Scope) is { } scope)
            {
                ids.Add(scope.Id);
            }
            else
            {
                errors.Add(new($"scopes[{i}].scope", $"the resource '{resource.Indicator}' has no scope '{reference!.Scope}'."));
            }
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private async Task ThrowIfNameTakenAsync(string name, string? exceptId, CancellationToken cancellationToken)
    {
        if (await db.AccessRoles.AnyAsync(r => r.Name == name && r.Id != exceptId, cancellationToken))
        {
            throw NameTaken(name);
        }
    }

    internal static async Task<IReadOnlySet<string>> KnownIdsAsync(IQueryable<string> ids, IReadOnlyList<string?>? wanted, CancellationToken cancellationToken)
    {
        var asked = (wanted ?? []).OfType<string>().Distinct().ToList();
        return (await ids.Where(id => asked.Contains(id)).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    private static ConflictException NameTaken(string name) => new("name", $"A role named '{name}' already exists.");

    private async Task<Role> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.AccessRoles.Include(r => r.Scopes).FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException("Role", id);

    private static string? Optional(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private Task RecordAsync(string type, Role role, CancellationToken cancellationToken, params (string Key, string? Value)[] change) =>
        audit.RecordChangeAsync(type, cancellationToken, details: AdminAudit.Details([("roleId", role.Id), ("role", role.Name), .. change]));

    internal static RoleView ToView(Role role) => new(role.Id, role.Name, role.Description, role.Type.ToString(), role.CreatedAt);
}
