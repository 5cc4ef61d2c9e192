using Identity.Admin;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Connectors.Add;

/// <summary>The first step of adding a connector: which of the installed plugins.</summary>
public sealed class IndexModel(ConnectorAdmin connectors) : PageModel
{
    public IReadOnlyList<ConnectorFactoryView> Plugins { get; private set; } = [];

    public void OnGet() => Plugins = connectors.ListFactories();
}
