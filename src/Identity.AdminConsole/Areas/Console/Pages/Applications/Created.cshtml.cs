using Identity.Admin;
using Identity.AdminConsole.Applications;
using Identity.Core.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>
/// Right after creation: the integration guide for the chosen framework with the app's values, its secret included
/// this once (kept across the redirect by <see cref="RevealOnce"/>); a later visit shows the guide without it.
/// </summary>
/// <remarks>Never stored by a browser or proxy: the back button must not show the secret again.</remarks>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class CreatedModel(ApplicationAdmin admin, ServerAddress server) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "framework")]
    public string? FrameworkKey { get; set; }

    public ApplicationView App { get; private set; } = null!;

    public Guide Guide { get; private set; } = null!;

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
        var type = Enum.Parse<ApplicationType>(App.Type);
        var values = new GuideValues(server.Endpoint(Request), server.Issuer(Request), App.Id, type, RevealOnce.Take(TempData, App.Id),
            App.RedirectUris.Count > 0 ? App.RedirectUris[0] : null);
        Guide = new Guide(Frameworks.For(type, FrameworkKey), values);
        return Page();
    }
}
