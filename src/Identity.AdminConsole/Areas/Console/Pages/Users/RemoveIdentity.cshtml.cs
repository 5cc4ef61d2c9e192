using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>Asks before unlinking a social identity: the user may then no longer sign in with that connector's account.</summary>
public sealed class RemoveIdentityModel(UserAdmin users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Target { get; set; } = "";

    public UserView Account { get; private set; } = null!;

    public IdentityView Identity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await users.DeleteIdentityAsync(Id, Target, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Redirect($"/console/users/{Uri.EscapeDataString(Id)}?done=identity");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Account = await users.GetAsync(Id, cancellationToken);
            Identity = (await users.ListIdentitiesAsync(Id, cancellationToken)).FirstOrDefault(i => i.Target == Target)!;
        }
        catch (NotFoundException)
        {
            return false;
        }
        return Identity is not null;
    }
}
