using Identity.Admin;
using Identity.AdminConsole.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>A rotated secret, shown once (kept across the redirect by <see cref="RevealOnce"/>).</summary>
/// <remarks>Never stored by a browser or proxy: the back button must not show the secret again.</remarks>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SecretModel(ApplicationAdmin admin) : PageModel
{
    public ApplicationView App { get; private set; } = null!;

    public string? Secret { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            App = await admin.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Secret = RevealOnce.Take(TempData, App.Id);
        return Page();
    }
}
