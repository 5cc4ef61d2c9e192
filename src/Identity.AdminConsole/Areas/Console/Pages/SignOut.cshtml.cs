using Identity.AdminConsole.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages;

/// <summary>
/// Signing out of the console ends the person's session with this server too (same process, same session store), so the
/// next visit asks for the password instead of signing straight back in.
/// </summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSchemes.Cookie);
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Redirect("/console/signed-out");
    }
}
