using System.Text.Json;
using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.AdminConsole.Connectors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Connectors.Add;

/// <summary>Adding a connector of one plugin: its README beside a form generated from its config schema.</summary>
public sealed class ConfigureModel(ConnectorAdmin connectors) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string FactoryId { get; set; } = "";

    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? Target { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Logo { get; set; }

    [BindProperty]
    public bool SyncProfile { get; set; }

    public ConnectorFactoryView Plugin { get; private set; } = null!;

    public string? ReadmeHtml { get; private set; }

    public ConnectorForm Form { get; private set; } = null!;

    public IActionResult OnGet()
    {
        if (!Load())
        {
            return NotFound();
        }
        Form = Describe(ConnectorConfigForm.Values(Fields, null), new FieldErrors());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Load())
        {
            return NotFound();
        }
        var errors = new FieldErrors();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var config = ConnectorConfigForm.Read(Request.Form, Fields, stored: null, errors, values);
        if (!errors.Any)
        {
            try
            {
                await connectors.CreateAsync(new ConnectorDefinition
                {
                    Id = Id?.Trim(), ConnectorId = Plugin.Id, Target = Target?.Trim(), Name = Name?.Trim(),
                    Logo = string.IsNullOrWhiteSpace(Logo) ? null : Logo.Trim(), SyncProfile = SyncProfile,
                    Config = JsonSerializer.SerializeToElement(config),
                }, cancellationToken);
                return Redirect("/console/connectors?status=created");
            }
            catch (AdminValidationException exception)
            {
                errors.AddAll(exception.Problems);
            }
            catch (ConflictException exception)
            {
                errors.Add(exception.Field, exception.Message);
            }
        }
        Form = Describe(values, errors);
        return Page();
    }

    private IReadOnlyList<ConfigField> Fields { get; set; } = [];

    private bool Load()
    {
        if (connectors.FindFactory(FactoryId) is not { } plugin)
        {
            return false;
        }
        Plugin = plugin;
        Fields = ConnectorConfigForm.Fields(plugin.ConfigSchema, plugin.SecretFields);
        ReadmeHtml = plugin.Readme is { } readme ? Identity.AdminConsole.Connectors.ReadmeHtml.Render(readme) : null;
        return true;
    }

    private ConnectorForm Describe(IReadOnlyDictionary<string, string?> values, FieldErrors errors) =>
        new(Editing: false, Id, Target, Name, Logo, SyncProfile, Fields, values, errors, "Save and Done");
}
