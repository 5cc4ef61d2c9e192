using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Connectors;

/// <summary>The configured social connectors, with what just happened to one (added, saved, removed).</summary>
public sealed class IndexModel(ConnectorAdmin connectors) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<ConnectorView> Connectors { get; private set; } = [];

    public IReadOnlyDictionary<string, string> PluginNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Connectors = await connectors.ListAsync(cancellationToken);
        PluginNames = connectors.ListFactories().ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
    }
}
