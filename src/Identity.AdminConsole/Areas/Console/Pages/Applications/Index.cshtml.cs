using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>The applications (the console's own client is not among them), each a link to its details.</summary>
public sealed class IndexModel(ApplicationAdmin admin) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Deleted { get; set; }

    public IReadOnlyList<ApplicationView> Applications { get; private set; } = [];

    /// <summary>When each was created, where the audit log still tells.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> CreatedAt { get; private set; } = new Dictionary<string, DateTimeOffset>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Applications = [.. (await admin.ListAsync(cancellationToken)).OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)];
        CreatedAt = await admin.CreatedAtAsync(cancellationToken);
    }
}
