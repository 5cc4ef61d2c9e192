using Identity.Admin;
using Identity.Admin.Access;
using Identity.AdminConsole.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>Asks before deleting a user; the person cannot delete their own account, nor the last console admin.</summary>
public sealed class DeleteModel(UserAdmin users, ConsoleAdmins admins, IStringLocalizer<ConsoleText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public UserView Account { get; private set; } = null!;

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Refusal is not null)
        {
            return Page();
        }
        try
        {
            await users.DeleteAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Deleted meanwhile: what the person wanted.
        }
        return Redirect("/console/users?deleted=1");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Account = await users.GetAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }
        if (ConsolePerson.UserId(User) == Id)
        {
            Refusal = text["You cannot delete your own account: you would be locked out of the console."];
        }
        else if (await admins.IsLastHolderAsync(Id, cancellationToken))
        {
            Refusal = text["This is the last person with the console permission: without them, no one could open the console. Give it to someone else first."];
        }
        return true;
    }
}
