using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.AdminConsole.Applications;
using Identity.Core.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Applications;

/// <summary>Creating an application of the type (and for the framework) picked on Get started; on to its guide.</summary>
public sealed class NewModel(ApplicationAdmin admin) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "type")]
    public string? TypeName { get; set; }

    [BindProperty(SupportsGet = true, Name = "framework")]
    public string? FrameworkKey { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? RedirectUris { get; set; }

    [BindProperty]
    public string? PostLogoutRedirectUris { get; set; }

    public Framework Framework { get; private set; } = Frameworks.All[0];

    public ApplicationType Type => Framework.Type;

    public FieldErrors Errors { get; } = new();

    public IActionResult OnGet() => Choose() ? Page() : Redirect("/console/get-started");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Choose())
        {
            return Redirect("/console/get-started");
        }
        // Left empty, the id is made from the name (what the page's script fills in as the name is typed).
        Id = string.IsNullOrWhiteSpace(Id) ? FormText.Slug(Name) : Id.Trim();
        var signsIn = Type.SignsUsersIn();
        var definition = new ApplicationDefinition
        {
            Id = Id,
            Name = Name?.Trim(),
            Type = Type.ToString(),
            RedirectUris = signsIn ? FormText.Lines(RedirectUris) : null,
            PostLogoutRedirectUris = signsIn ? FormText.Lines(PostLogoutRedirectUris) : null,
        };
        ApplicationWithSecret created;
        try
        {
            created = await admin.CreateAsync(definition, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
            return Page();
        }
        catch (ConflictException exception)
        {
            Errors.Add(exception.Field, exception.Message);
            return Page();
        }

        if (created.Secret is { } secret)
        {
            RevealOnce.Keep(TempData, created.Application.Id, secret);
        }
        return Redirect($"/console/applications/{Uri.EscapeDataString(created.Application.Id)}/created?framework={Uri.EscapeDataString(Framework.Key)}");
    }

    private bool Choose()
    {
        if (Frameworks.ParseType(TypeName) is not { } type)
        {
            return false;
        }
        Framework = Frameworks.For(type, FrameworkKey);
        return true;
    }
}
