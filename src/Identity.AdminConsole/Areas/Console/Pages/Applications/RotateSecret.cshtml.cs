using Identity.Admin;
using Identity.AdminConsole.Access;
using Identity.AdminConsole.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>
/// Replacing a confidential app's secret, after a recent sign-in (asked for on arrival and checked again on the post):
/// the new secret goes to its reveal-once page, the old one stops working at once.
/// </summary>
public sealed class RotateSecretModel(ApplicationAdmin admin, RecentSignIn recentSignIn) : PageModel
{
    public ApplicationView App { get; private set; } = null!;

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        // A public app has nothing to rotate: the page says so without asking for the password.
        return (App.IsConfidential ? recentSignIn.Demand(User, Here(id)) : null) ?? (IActionResult)Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        // Back to this page after the password: the person confirms again, knowing what happens.
        if (recentSignIn.Demand(User, Here(id)) is { } challenge)
        {
            return challenge;
        }
        ApplicationWithSecret rotated;
        try
        {
            rotated = await admin.RotateSecretAsync(id, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        RevealOnce.Keep(TempData, id, rotated.Secret!);
        return Redirect($"/console/applications/{Uri.EscapeDataString(id)}/secret");
    }

    private static string Here(string id) => $"/console/applications/{Uri.EscapeDataString(id)}/rotate-secret";

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            App = await admin.GetAsync(id, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
