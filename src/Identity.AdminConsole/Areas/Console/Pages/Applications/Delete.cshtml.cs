using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>Deleting an application, once the person ticked that they understand and typed its id.</summary>
public sealed class DeleteModel(ApplicationAdmin admin, SeedManaged seed) : PageModel
{
    [BindProperty]
    public bool Understood { get; set; }

    [BindProperty]
    public string? ConfirmId { get; set; }

    public ApplicationView App { get; private set; } = null!;

    public bool Managed { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!Understood)
        {
            Errors.Add("understood", "Tick this to confirm.");
        }
        if (!string.Equals(ConfirmId?.Trim(), App.Id, StringComparison.Ordinal))
        {
            Errors.Add("confirmId", "Type the app ID exactly as shown.");
        }
        if (Errors.Any)
        {
            return Page();
        }
        try
        {
            await admin.DeleteAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Redirect($"/console/applications?deleted={Uri.EscapeDataString(id)}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            App = await admin.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }
        Managed = await seed.ApplicationAsync(id, cancellationToken);
        return true;
    }
}
