using Identity.Admin;
using Identity.Admin.Access;
using Identity.AdminConsole.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>
/// A user's profile, identities, sessions and roles, and what an admin does to the account. The person may not lock
/// themselves or take their own console permission, and no one may take it from its last holder: the console would
/// have no one left to open it.
/// </summary>
public sealed class DetailsModel(UserAdmin users, RoleHolders holders, ConsoleAdmins admins, UserProfileReader reader, IStringLocalizer<ConsoleText> text)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public string? LockUntil { get; set; }

    public UserProfile Profile { get; private set; } = null!;

    public FieldErrors Errors { get; } = new();

    /// <summary>Whether this is the signed-in person's own account.</summary>
    public bool IsSelf => ConsolePerson.UserId(User) == Id;

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    public Task<IActionResult> OnPostLockAsync(CancellationToken cancellationToken) => ActAsync("locked", async ct =>
    {
        if (IsSelf)
        {
            Errors.Add("user", text["You cannot lock your own account: you would be locked out of the console."]);
            return;
        }
        if (await admins.IsLastHolderAsync(Id, ct))
        {
            Errors.Add("user", text["This is the last person with the console permission: locked, no one could open the console. Give it to someone else first."]);
            return;
        }
        if (!ConsoleTime.TryParseInput(LockUntil, out var until))
        {
            Errors.Add("until", text["Enter a date and time, or leave it empty to lock indefinitely."]);
            return;
        }
        await users.LockAsync(Id, until, ct);
    }, cancellationToken);

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken) =>
        ActAsync("unlocked", ct => users.UnlockAsync(Id, ct), cancellationToken);

    public Task<IActionResult> OnPostPasswordAsync([FromForm] string? newPassword, CancellationToken cancellationToken) =>
        ActAsync("password", ct => users.SetPasswordAsync(Id, newPassword ?? "", ct), cancellationToken);

    public Task<IActionResult> OnPostRevokeGrantsAsync(CancellationToken cancellationToken) =>
        ActAsync("revoked", ct => users.RevokeGrantsAsync(Id, ct), cancellationToken);

    public Task<IActionResult> OnPostEndSessionsAsync(CancellationToken cancellationToken) =>
        ActAsync("sessions", ct => users.EndSessionsAsync(Id, ct), cancellationToken);

    public Task<IActionResult> OnPostAddRoleAsync([FromForm] string? roleId, CancellationToken cancellationToken) =>
        ActAsync("roles", ct => holders.AssignUserRolesAsync(Id, [roleId], ct), cancellationToken);

    public Task<IActionResult> OnPostRemoveRoleAsync(string roleId, CancellationToken cancellationToken) => ActAsync("roles", async ct =>
    {
        if (await admins.IsPermissionRoleAsync(roleId, ct))
        {
            if (await admins.IsLastHolderAsync(Id, ct))
            {
                Errors.Add("user", text["This is the last person with the console permission: without it, no one could open the console. Give it to someone else first."]);
                return;
            }
            if (IsSelf)
            {
                Errors.Add("user", text["You cannot remove your own console permission: you would be locked out of the console. Ask another admin."]);
                return;
            }
        }
        await holders.RemoveUserRoleAsync(Id, roleId, ct);
    }, cancellationToken);

    /// <summary>Runs an action; done, back to the page with a status (PRG); refused, the page again with why.</summary>
    private async Task<IActionResult> ActAsync(string done, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken);
        }
        catch (NotFoundException) when (!Errors.Any)
        {
            // The user, or the role to take, is gone: show what is there now (a 404 when the user is the one missing).
            return await ShowAsync(cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
        }
        catch (ConflictException exception)
        {
            Errors.Add(exception.Field, exception.Message);
        }

        if (Errors.Any)
        {
            return await ShowAsync(cancellationToken);
        }
        return Redirect($"/console/users/{Uri.EscapeDataString(Id)}?done={done}");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        try
        {
            Profile = await reader.ReadAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Page();
    }
}
