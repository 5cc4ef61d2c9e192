using Identity.Admin.Access;
using Identity.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Identity.AdminConsole.Access;

/// <summary>The console permission: the signed-in person holds the <c>admin</c> role and is not locked out, now.</summary>
internal sealed class ConsolePermission : IAuthorizationRequirement;

internal sealed class ConsolePermissionHandler(ConsoleAdmins admins, UserManager<UserAccount> users) : AuthorizationHandler<ConsolePermission>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsolePermission requirement)
    {
        if (ConsolePerson.UserId(context.User) is not { } userId)
        {
            return;
        }
        if (await admins.IsAdminAsync(userId, CancellationToken.None) &&
            await users.FindByIdAsync(userId) is { } user && !await users.IsLockedOutAsync(user))
        {
            context.Succeed(requirement);
        }
    }
}
