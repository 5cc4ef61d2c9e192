using Identity.Admin.Definitions;
using Identity.Core.Applications;
using Identity.Core.Audit;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Identity.Admin;

/// <summary>A user who holds a role.</summary>
public sealed record RoleUserView(string Id, string? Username, string? Name);

/// <summary>An application that holds a role; its id is the client id, as everywhere in the Management API.</summary>
public sealed record RoleApplicationView(string Id, string Name, string Type);

/// <summary>
/// Who holds which role, from either side (a role's users, a user's roles), for the three admin doors. Users hold
/// User roles only; only MachineToMachine applications hold roles, and MachineToMachine ones only (Logto's rules).
/// Applications are named by client id; their rows hold OpenIddict's application id, so deleting one drops them.
/// </summary>
public sealed class RoleHolders(IdentityDataContext db, IOpenIddictApplicationManager applications, ApplicationAdmin applicationAdmin, IAuditLog audit)
{
    public async Task<IReadOnlyList<RoleView>> UserRolesAsync(string userId, CancellationToken cancellationToken)
    {
        await FindUserAsync(userId, cancellationToken);
        return await RolesAsync(db.UserAccessRoles.Where(h => h.UserId == userId).Select(h => h.RoleId), cancellationToken);
    }

    public async Task<IReadOnlyList<RoleUserView>> RoleUsersAsync(string roleId, CancellationToken cancellationToken)
    {
        await FindRoleAsync(roleId, cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => db.UserAccessRoles.Any(h => h.RoleId == roleId && h.UserId == u.Id))
            .Select(u => new RoleUserView(u.Id, u.UserName, u.Name)).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.Username, StringComparer.Ordinal)];
    }

    /// <summary>Gives the user these roles (those held stay held); every unknown id or machine-to-machine role is an error.</summary>
    public async Task AssignUserRolesAsync(string userId, IReadOnlyList<string?>? roleIds, CancellationToken cancellationToken)
    {
        var user = await FindUserAsync(userId, cancellationToken);
        var roles = await CheckedRolesAsync("roleIds", roleIds, holderIsApplication: false, cancellationToken);
        await AddUserRolesAsync(user, roles, cancellationToken);
    }

    /// <summary>Gives the role to these users; every unknown id is an error, and so is a machine-to-machine role.</summary>
    public async Task AssignRoleUsersAsync(string roleId, IReadOnlyList<string?>? userIds, CancellationToken cancellationToken)
    {
        var role = await FindRoleAsync(roleId, cancellationToken);
        var errors = new List<DefinitionError>();
        if (ResourceRules.HolderProblem(role.Type, holderIsApplication: false, role.Name) is { } problem)
        {
            errors.Add(new("userIds", problem));
        }
        var known = await RoleAdmin.KnownIdsAsync(db.Users.Select(u => u.Id), userIds, cancellationToken);
        errors.AddRange(HolderRules.IdList("userIds", userIds, known, "user"));
        AdminValidationException.ThrowIfAny(errors);
        foreach (var userId in userIds!.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await AddUserRolesAsync(await FindUserAsync(userId, cancellationToken), [role], cancellationToken);
        }
    }

    public async Task RemoveUserRoleAsync(string userId, string roleId, CancellationToken cancellationToken)
    {
        var user = await FindUserAsync(userId, cancellationToken);
        var role = await FindRoleAsync(roleId, cancellationToken);
        var held = await db.UserAccessRoles.FirstOrDefaultAsync(h => h.UserId == userId && h.RoleId == roleId, cancellationToken)
            ?? throw new NotFoundException("Role of the user", roleId);
        db.UserAccessRoles.Remove(held);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.RoleUnassigned, role, cancellationToken, userId: user.Id, username: user.UserName);
    }

    /// <summary>Makes the user's roles exactly those named (the seed file's verb); true when that changed anything.</summary>
    public async Task<bool> SetUserRolesAsync(string userId, IReadOnlyList<string> roleNames, CancellationToken cancellationToken)
    {
        var user = await FindUserAsync(userId, cancellationToken);
        var wanted = await RolesNamedAsync(roleNames, holderIsApplication: false, cancellationToken);
        var held = await db.UserAccessRoles.Where(h => h.UserId == userId).ToListAsync(cancellationToken);
        var (doomed, added) = Difference(held, h => h.RoleId, wanted);
        await db.DeleteEachAsync(doomed, async gone => await RecordAsync(AuditEventTypes.RoleUnassigned,
            await FindRoleAsync(gone.RoleId, cancellationToken), cancellationToken, userId: user.Id, username: user.UserName), cancellationToken);
        await AddUserRolesAsync(user, added, cancellationToken);
        return doomed.Count + added.Count > 0;
    }

    public async Task<IReadOnlyList<RoleView>> ApplicationRolesAsync(string clientId, CancellationToken cancellationToken)
    {
        var (entityId, _) = await FindApplicationAsync(clientId, cancellationToken);
        return await RolesAsync(db.ApplicationRoles.Where(h => h.ApplicationId == entityId).Select(h => h.RoleId), cancellationToken);
    }

    public async Task<IReadOnlyList<RoleApplicationView>> RoleApplicationsAsync(string roleId, CancellationToken cancellationToken)
    {
        await FindRoleAsync(roleId, cancellationToken);
        var views = new List<RoleApplicationView>();
        foreach (var entityId in await db.ApplicationRoles.Where(h => h.RoleId == roleId).Select(h => h.ApplicationId).ToListAsync(cancellationToken))
        {
            if (await applications.FindByIdAsync(entityId, cancellationToken) is { } application &&
                await applications.GetClientIdAsync(application, cancellationToken) is { } clientId)
            {
                var view = await applicationAdmin.GetAsync(clientId, cancellationToken);
                views.Add(new RoleApplicationView(view.Id, view.Name, view.Type));
            }
        }
        return [.. views.OrderBy(v => v.Id, StringComparer.Ordinal)];
    }

    /// <summary>Gives the application these machine-to-machine roles; it must be a MachineToMachine application.</summary>
    public async Task AssignApplicationRolesAsync(string clientId, IReadOnlyList<string?>? roleIds, CancellationToken cancellationToken)
    {
        var (entityId, type) = await FindApplicationAsync(clientId, cancellationToken);
        ThrowIfCannotHoldRoles(clientId, type, "roleIds");
        var roles = await CheckedRolesAsync("roleIds", roleIds, holderIsApplication: true, cancellationToken);
        await AddApplicationRolesAsync(entityId, clientId, roles, cancellationToken);
    }

    /// <summary>Gives the machine-to-machine role to these applications (client ids); every problem is reported at once.</summary>
    public async Task AssignRoleApplicationsAsync(string roleId, IReadOnlyList<string?>? applicationIds, CancellationToken cancellationToken)
    {
        var role = await FindRoleAsync(roleId, cancellationToken);
        var errors = new List<DefinitionError>();
        if (ResourceRules.HolderProblem(role.Type, holderIsApplication: true, role.Name) is { } problem)
        {
            errors.Add(new("applicationIds", problem));
        }
        var found = new List<(string EntityId, string ClientId)>();
        if (applicationIds is not { Count: > 0 })
        {
            errors.Add(new("applicationIds", "is required: a non-empty array of application ids."));
        }
        for (var i = 0; i < (applicationIds?.Count ?? 0); i++)
        {
            var clientId = applicationIds![i];
            if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
            {
                errors.Add(new($"applicationIds[{i}]", $"no application has the id '{clientId}'."));
            }
            else if (CannotHoldRoles(clientId, (await applicationAdmin.GetAsync(clientId, cancellationToken)).Type) is { } refusal)
            {
                errors.Add(new($"applicationIds[{i}]", refusal));
            }
            else
            {
                found.Add((await applications.GetIdAsync(application, cancellationToken) ?? clientId, clientId));
            }
        }
        AdminValidationException.ThrowIfAny(errors);
        foreach (var (entityId, clientId) in found.Distinct())
        {
            await AddApplicationRolesAsync(entityId, clientId, [role], cancellationToken);
        }
    }

    public async Task RemoveApplicationRoleAsync(string clientId, string roleId, CancellationToken cancellationToken)
    {
        var (entityId, _) = await FindApplicationAsync(clientId, cancellationToken);
        var role = await FindRoleAsync(roleId, cancellationToken);
        var held = await db.ApplicationRoles.FirstOrDefaultAsync(h => h.ApplicationId == entityId && h.RoleId == roleId, cancellationToken)
            ?? throw new NotFoundException("Role of the application", roleId);
        db.ApplicationRoles.Remove(held);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.RoleUnassigned, role, cancellationToken, clientId: clientId);
    }

    /// <summary>Makes the application's roles exactly those named (the seed file's verb); true when that changed anything.</summary>
    public async Task<bool> SetApplicationRolesAsync(string clientId, IReadOnlyList<string> roleNames, CancellationToken cancellationToken)
    {
        var (entityId, type) = await FindApplicationAsync(clientId, cancellationToken);
        if (roleNames.Count > 0)
        {
            ThrowIfCannotHoldRoles(clientId, type, "roles");
        }
        var wanted = await RolesNamedAsync(roleNames, holderIsApplication: true, cancellationToken);
        var held = await db.ApplicationRoles.Where(h => h.ApplicationId == entityId).ToListAsync(cancellationToken);
        var (doomed, added) = Difference(held, h => h.RoleId, wanted);
        await db.DeleteEachAsync(doomed, async gone => await RecordAsync(AuditEventTypes.RoleUnassigned,
            await FindRoleAsync(gone.RoleId, cancellationToken), cancellationToken, clientId: clientId), cancellationToken);
        await AddApplicationRolesAsync(entityId, clientId, added, cancellationToken);
        return doomed.Count + added.Count > 0;
    }

    // What to take away (held, not wanted) and what to give (wanted, not held) to make the roles held those wanted.
    private static (List<T> Doomed, List<Role> Added) Difference<T>(List<T> held, Func<T, string> roleIdOf, IReadOnlyList<Role> wanted) =>
        ([.. held.Where(h => wanted.All(r => r.Id != roleIdOf(h)))], [.. wanted.Where(r => held.All(h => roleIdOf(h) != r.Id))]);

    private async Task AddUserRolesAsync(Core.Accounts.UserAccount user, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
    {
        var held = await db.UserAccessRoles.Where(h => h.UserId == user.Id).Select(h => h.RoleId).ToListAsync(cancellationToken);
        foreach (var role in roles.Where(r => !held.Contains(r.Id)).DistinctBy(r => r.Id))
        {
            db.UserAccessRoles.Add(new UserRole { UserId = user.Id, RoleId = role.Id });
            await db.SaveChangesAsync(cancellationToken);
            await RecordAsync(AuditEventTypes.RoleAssigned, role, cancellationToken, userId: user.Id, username: user.UserName);
        }
    }

    private async Task AddApplicationRolesAsync(string entityId, string clientId, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
    {
        var held = await db.ApplicationRoles.Where(h => h.ApplicationId == entityId).Select(h => h.RoleId).ToListAsync(cancellationToken);
        foreach (var role in roles.Where(r => !held.Contains(r.Id)).DistinctBy(r => r.Id))
        {
            db.ApplicationRoles.Add(new ApplicationRole { ApplicationId = entityId, RoleId = role.Id });
            await db.SaveChangesAsync(cancellationToken);
            await RecordAsync(AuditEventTypes.RoleAssigned, role, cancellationToken, clientId: clientId);
        }
    }

    // The roles with these ids, each checked: it exists and this kind of holder may hold it.
    private async Task<IReadOnlyList<Role>> CheckedRolesAsync(string field, IReadOnlyList<string?>? roleIds, bool holderIsApplication, CancellationToken cancellationToken)
    {
        var asked = (roleIds ?? []).OfType<string>().Distinct().ToList();
        var roles = await db.AccessRoles.AsNoTracking().Where(r => asked.Contains(r.Id)).ToListAsync(cancellationToken);
        var errors = new List<DefinitionError>(HolderRules.IdList(field, roleIds, roles.Select(r => r.Id).ToHashSet(StringComparer.Ordinal), "role"));
        for (var i = 0; i < (roleIds?.Count ?? 0); i++)
        {
            if (roles.FirstOrDefault(r => r.Id == roleIds![i]) is { } role && ResourceRules.HolderProblem(role.Type, holderIsApplication, role.Name) is { } problem)
            {
                errors.Add(new($"{field}[{i}]", problem));
            }
        }
        AdminValidationException.ThrowIfAny(errors);
        return roles;
    }

    // The seed file names roles; each must exist (the runner has applied the file's roles) and suit the holder.
    private async Task<IReadOnlyList<Role>> RolesNamedAsync(IReadOnlyList<string> names, bool holderIsApplication, CancellationToken cancellationToken)
    {
        var roles = await db.AccessRoles.AsNoTracking().Where(r => names.Contains(r.Name)).ToListAsync(cancellationToken);
        var errors = new List<DefinitionError>();
        for (var i = 0; i < names.Count; i++)
        {
            if (roles.FirstOrDefault(r => r.Name == names[i]) is not { } role)
            {
                errors.Add(new($"roles[{i}]", $"no role is named '{names[i]}' (in this file or stored)."));
            }
            else if (ResourceRules.HolderProblem(role.Type, holderIsApplication, role.Name) is { } problem)
            {
                errors.Add(new($"roles[{i}]", problem));
            }
        }
        AdminValidationException.ThrowIfAny(errors);
        return roles;
    }

    private async Task<IReadOnlyList<RoleView>> RolesAsync(IQueryable<string> roleIds, CancellationToken cancellationToken) =>
        [.. (await db.AccessRoles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).ToListAsync(cancellationToken))
            .OrderBy(r => r.Name, StringComparer.Ordinal).Select(RoleAdmin.ToView)];

    private static void ThrowIfCannotHoldRoles(string clientId, string type, string field)
    {
        if (CannotHoldRoles(clientId, type) is { } refusal)
        {
            throw AdminValidationException.For(field, refusal);
        }
    }

    private static string? CannotHoldRoles(string clientId, string type) => type == nameof(ApplicationType.MachineToMachine) ? null
        : $"the application '{clientId}' is {type}: only MachineToMachine applications hold roles (give its users User roles instead).";

    private async Task<Core.Accounts.UserAccount> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException("User", userId);

    private async Task<Role> FindRoleAsync(string roleId, CancellationToken cancellationToken) =>
        await db.AccessRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roleId, cancellationToken) ?? throw new NotFoundException("Role", roleId);

    private async Task<(string EntityId, string Type)> FindApplicationAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken) ?? throw new NotFoundException("Application", clientId);
        var type = (await applicationAdmin.GetAsync(clientId, cancellationToken)).Type;
        return (await applications.GetIdAsync(application, cancellationToken) ?? clientId, type);
    }

    private Task RecordAsync(string type, Role role, CancellationToken cancellationToken, string? userId = null, string? username = null, string? clientId = null) =>
        audit.RecordChangeAsync(type, cancellationToken, userId: userId, username: username, clientId: clientId,
            details: AdminAudit.Details(("roleId", role.Id), ("role", role.Name)));
}
