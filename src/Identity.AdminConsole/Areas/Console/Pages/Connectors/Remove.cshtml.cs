using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Connectors;

/// <summary>Asks before removing a connector; removing it also takes its button off the sign-in experience.</summary>
public sealed class RemoveModel(ConnectorAdmin connectors, SeedManaged seed) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public ConnectorView Connector { get; private set; } = null!;

    public bool Managed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Connector = await connectors.GetAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Managed = await seed.ConnectorAsync(Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connectors.DeleteAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Redirect("/console/connectors?status=removed");
    }
}
