using Identity.Admin.Definitions;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin.Access;

/// <summary>
/// Who may enter the Admin Console: the people holding the User role named <see cref="RoleName"/>. A role rather than a
/// flag, so granting and taking the permission goes through the roles every door already manages (and is audited).
/// </summary>
public sealed class ConsoleAdmins(IdentityDataContext db, RoleAdmin roles, RoleHolders holders)
{
    public const string RoleName = "admin";

    public const string RoleDescription = "Opens the Admin Console (/console).";

    /// <summary>Whether anyone holds the console permission (no one: the first admin may be set up by the one-time link).</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken) =>
        db.UserAccessRoles.AnyAsync(held => db.AccessRoles.Any(role => role.Id == held.RoleId && role.Name == RoleName && role.Type == RoleType.User), cancellationToken);

    /// <summary>Whether this user holds the console permission now (read on every console request: taking it takes effect at once).</summary>
    public Task<bool> IsAdminAsync(string userId, CancellationToken cancellationToken) =>
        db.UserAccessRoles.AnyAsync(held => held.UserId == userId &&
            db.AccessRoles.Any(role => role.Id == held.RoleId && role.Name == RoleName && role.Type == RoleType.User), cancellationToken);

    /// <summary>
    /// Whether this user is the only one holding the console permission: taking it from them (or the account) would
    /// leave no one who can open the console.
    /// </summary>
    public async Task<bool> IsLastHolderAsync(string userId, CancellationToken cancellationToken) =>
        await IsAdminAsync(userId, cancellationToken) &&
        !await db.UserAccessRoles.AnyAsync(held => held.UserId != userId &&
            db.AccessRoles.Any(role => role.Id == held.RoleId && role.Name == RoleName && role.Type == RoleType.User), cancellationToken);

    /// <summary>Whether this role is the console permission.</summary>
    public Task<bool> IsPermissionRoleAsync(string roleId, CancellationToken cancellationToken) =>
        db.AccessRoles.AnyAsync(role => role.Id == roleId && role.Name == RoleName && role.Type == RoleType.User, cancellationToken);

    /// <summary>Gives a user the console permission, creating the <c>admin</c> role on first use.</summary>
    public async Task GrantAsync(string userId, CancellationToken cancellationToken)
    {
        var roleId = await RoleIdAsync(cancellationToken) ?? await CreateRoleAsync(cancellationToken);
        await holders.AssignUserRolesAsync(userId, [roleId], cancellationToken);
    }

    private Task<string?> RoleIdAsync(CancellationToken cancellationToken) =>
        db.AccessRoles.AsNoTracking().Where(r => r.Name == RoleName && r.Type == RoleType.User).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<string> CreateRoleAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await roles.CreateAsync(new RoleDefinition { Name = RoleName, Description = RoleDescription, Type = nameof(RoleType.User) }, cancellationToken)).Id;
        }
        catch (ConflictException)
        {
            // Created meanwhile by another door, or a machine-to-machine role already has the name: the first is fine,
            // the second must not silently fail to open the console.
            return await RoleIdAsync(cancellationToken)
                ?? throw new ConflictException("name", $"A machine-to-machine role is named '{RoleName}'; rename it so the console's User role can be created.");
        }
    }
}
