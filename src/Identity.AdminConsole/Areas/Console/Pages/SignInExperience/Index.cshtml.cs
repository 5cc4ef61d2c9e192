using Identity.Admin;
using Identity.AdminConsole.SignInExperience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.SignInExperience;

/// <summary>
/// The sign-in experience: sign-up, sign-in, social connectors (added, ordered and removed by buttons that re-render the
/// form unsaved, so they work without script), branding and links; a live preview of the draft beside it.
/// </summary>
public sealed class IndexModel(SignInExperienceAdmin experience, ConnectorAdmin connectors, SeedManaged seed) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    public SignInExperienceForm Form { get; private set; } = new();

    public FieldErrors Errors { get; } = new();

    /// <summary>The form differs from what is saved: a connector was added, moved or removed, or the preview updated.</summary>
    public bool Unsaved { get; private set; }

    public bool Managed { get; private set; }

    /// <summary>Every configured connector's name, by target (a target has one connector).</summary>
    public IReadOnlyDictionary<string, string> ConnectorNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Form = SignInExperienceForm.From(await experience.GetAsync(cancellationToken));
        await LoadAsync(cancellationToken);
    }

    /// <param name="move">A list button (<c>up:1</c>, <c>down:0</c>, <c>remove:2</c>, <c>add</c>) or <c>preview</c>; none saves.</param>
    /// <param name="addTarget">The connector chosen to add.</param>
    public async Task<IActionResult> OnPostAsync(string? move, string? addTarget, CancellationToken cancellationToken)
    {
        // The form posts to its own address, which after a save carries ?saved=true: that note is for the GET only.
        Saved = false;
        await TryUpdateModelAsync(Form, string.Empty);
        Form.Targets = [.. Form.Targets.Where(t => !string.IsNullOrWhiteSpace(t))];
        await LoadAsync(cancellationToken);
        if (move is not null)
        {
            Rearrange(move, addTarget);
            Unsaved = true;
            return Page();
        }

        try
        {
            await experience.UpdateAsync(Form.ToDefinition(), cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
            return Page();
        }
        return Redirect("/console/sign-in-experience?saved=true");
    }

    public string PreviewUrl(string page, string theme) => SignInExperiencePreviewUrl.For(Form, page, theme);

    public string? Error(string field) => Errors.For(SignInExperienceForm.Paths[field]);

    private void Rearrange(string move, string? addTarget)
    {
        var (verb, index) = move.Split(':', 2) is [var v, var i] && int.TryParse(i, out var at) && at >= 0 && at < Form.Targets.Count
            ? (v, at) : (move, -1);
        var targets = Form.Targets;
        switch (verb)
        {
            case "add" when !string.IsNullOrEmpty(addTarget) && ConnectorNames.ContainsKey(addTarget) && !targets.Contains(addTarget):
                targets.Add(addTarget);
                break;
            case "up" when index > 0:
                (targets[index - 1], targets[index]) = (targets[index], targets[index - 1]);
                break;
            case "down" when index >= 0 && index < targets.Count - 1:
                (targets[index + 1], targets[index]) = (targets[index], targets[index + 1]);
                break;
            case "remove" when index >= 0:
                targets.RemoveAt(index);
                break;
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Managed = await seed.SignInExperienceAsync(cancellationToken);
        ConnectorNames = (await connectors.ListAsync(cancellationToken))
            .GroupBy(c => c.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(c => c.Name)), StringComparer.Ordinal);
    }
}
