using System.Text.Json;
using Identity.Admin;
using Identity.AdminConsole.Connectors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Connectors;

/// <summary>
/// One connector: the same form as adding it, filled from its masked config, so secrets never reach the browser; an
/// empty secret keeps the stored one. The id and target cannot change.
/// </summary>
public sealed class EditModel(ConnectorAdmin connectors, SeedManaged seed) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Logo { get; set; }

    [BindProperty]
    public bool SyncProfile { get; set; }

    public ConnectorView Connector { get; private set; } = null!;

    public string PluginName { get; private set; } = "";

    public bool Managed { get; private set; }

    public ConnectorForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } fields)
        {
            return NotFound();
        }
        (Name, Logo, SyncProfile) = (Connector.Name, Connector.Logo, Connector.SyncProfile);
        Form = Describe(fields, ConnectorConfigForm.Values(fields, Connector.Config), new FieldErrors());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } fields)
        {
            return NotFound();
        }
        var errors = new FieldErrors();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var config = ConnectorConfigForm.Read(Request.Form, fields, Connector.Config, errors, values);
        if (!errors.Any)
        {
            try
            {
                // An empty name keeps the current one; an empty logo removes it (the plugin's shows again).
                await connectors.UpdateAsync(Id, new ConnectorPatch(
                    string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), Logo?.Trim() ?? "", SyncProfile,
                    JsonSerializer.SerializeToElement(config), Target: null), cancellationToken);
                return Redirect("/console/connectors?status=saved");
            }
            catch (AdminValidationException exception)
            {
                errors.AddAll(exception.Problems);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }
        Form = Describe(fields, values, errors);
        return Page();
    }

    private async Task<IReadOnlyList<ConfigField>?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Connector = await connectors.GetAsync(Id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
        Managed = await seed.ConnectorAsync(Id, cancellationToken);
        var plugin = connectors.FindFactory(Connector.ConnectorId);
        PluginName = plugin?.Name ?? Connector.ConnectorId;
        return plugin is null ? [] : ConnectorConfigForm.Fields(plugin.ConfigSchema, plugin.SecretFields);
    }

    private ConnectorForm Describe(IReadOnlyList<ConfigField> fields, IReadOnlyDictionary<string, string?> values, FieldErrors errors) =>
        new(Editing: true, Connector.Id, Connector.Target, Name, Logo, SyncProfile, fields, values, errors, "Save changes");
}
