using Identity.Admin;
using Identity.Admin.Access;
using Identity.Core.Audit;
using Identity.Core.Resources;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>Everything the user's details page shows, read through the admin services.</summary>
public sealed record UserProfile(
    UserView User, DateTimeOffset? LastSignIn, IReadOnlyList<IdentityView> Identities, IReadOnlyList<SessionView> Sessions,
    IReadOnlyList<RoleView> Roles, IReadOnlyList<RoleView> RolesToAdd, bool SeedManaged)
{
    /// <summary>Locked for good: the services store "indefinitely" as the last representable time.</summary>
    public bool LockedIndefinitely => User.LockedUntil is { Year: 9999 };
}

/// <summary>Reads a <see cref="UserProfile"/>; a missing user is the services' <see cref="NotFoundException"/>.</summary>
public sealed class UserProfileReader(UserAdmin users, RoleHolders holders, RoleAdmin roles, AuditLogReader auditLog, SeedManaged seed)
{
    public async Task<UserProfile> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(id, cancellationToken);
        var held = await holders.UserRolesAsync(id, cancellationToken);
        var userRoles = (await roles.ListAsync(cancellationToken)).Where(r => r.Type == nameof(RoleType.User));
        var lastSignIn = await auditLog.ListAsync(new AuditLogFilter(AuditEventTypes.SignInSucceeded, id, null, null, null), 1, 1, cancellationToken);
        return new UserProfile(
            user,
            lastSignIn.Items.Count == 0 ? null : lastSignIn.Items[0].CreatedAt,
            await users.ListIdentitiesAsync(id, cancellationToken),
            await users.ListSessionsAsync(id, cancellationToken),
            held,
            [.. userRoles.Where(r => held.All(h => h.Id != r.Id))],
            user.Username is { } username && await seed.UserAsync(username, cancellationToken));
    }
}
