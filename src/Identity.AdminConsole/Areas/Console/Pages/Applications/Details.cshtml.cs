using Identity.Admin;
using Identity.AdminConsole.Applications;
using Identity.Core.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>An application's settings and the addresses to configure it with; its name and URIs can be changed here.</summary>
public sealed class DetailsModel(ApplicationAdmin admin, SeedManaged seed, ServerAddress server) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? RedirectUris { get; set; }

    [BindProperty]
    public string? PostLogoutRedirectUris { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    public ApplicationView App { get; private set; } = null!;

    public ApplicationType Type => Enum.Parse<ApplicationType>(App.Type);

    public bool Managed { get; private set; }

    public string Endpoint => server.Endpoint(Request);

    public string Issuer => server.Issuer(Request);

    public string Discovery => server.Discovery(Request);

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Name = App.Name;
        RedirectUris = FormText.Lines(App.RedirectUris);
        PostLogoutRedirectUris = FormText.Lines(App.PostLogoutRedirectUris);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Saved = false;
        var signsIn = Type.SignsUsersIn();
        var patch = new ApplicationPatch(
            Name?.Trim() ?? string.Empty,
            signsIn ? FormText.Lines(RedirectUris) : null,
            signsIn ? FormText.Lines(PostLogoutRedirectUris) : null,
            Scopes: null);
        try
        {
            await admin.UpdateAsync(id, patch, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            // The posted values stay in the form, so the person corrects them instead of typing them again.
            Errors.AddAll(exception.Problems);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Redirect($"/console/applications/{Uri.EscapeDataString(id)}?saved=true");
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
