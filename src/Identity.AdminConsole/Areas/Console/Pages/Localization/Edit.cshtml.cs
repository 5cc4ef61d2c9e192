using Identity.Admin;
using Identity.Core.Phrases;
using Identity.Core.SignInExperience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Localization;

/// <summary>
/// One language's custom phrases: every hosted-page text with its English and built-in wording and the admin's own.
/// Saving replaces the language's phrases with the non-empty ones (an empty field means "the built-in text").
/// </summary>
public sealed class EditModel(CustomPhraseAdmin phrases) : PageModel
{
    [FromRoute]
    public string LanguageTag { get; set; } = "";

    /// <summary>The texts typed in, by the phrase's position in <see cref="Keys"/> (keys are sentences, not field names).</summary>
    [BindProperty]
    public List<string?> Texts { get; set; } = [];

    [BindProperty]
    public bool ConfirmRemove { get; set; }

    public IReadOnlyList<PhraseKeyView> Keys { get; } = CustomPhraseAdmin.ListKeys();

    public bool HasCustomPhrases { get; private set; }

    public bool Saved => Request.Query.ContainsKey("saved");

    public FieldErrors Errors { get; } = new();

    public bool IsBuiltIn => LanguageInfo.SupportedLanguages.Contains(LanguageTag, StringComparer.OrdinalIgnoreCase);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (LanguageTags.Canonical(LanguageTag) is not { } tag)
        {
            return NotFound();
        }
        LanguageTag = tag;
        var stored = await StoredAsync(cancellationToken);
        Texts = [.. Keys.Select(k => stored.GetValueOrDefault(k.Key))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (LanguageTags.Canonical(LanguageTag) is not { } tag)
        {
            return NotFound();
        }
        LanguageTag = tag;
        var translation = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < Keys.Count && i < Texts.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(Texts[i]))
            {
                translation[Keys[i].Key] = Texts[i]!.Trim();
            }
        }
        try
        {
            await phrases.ReplaceAsync(tag, translation, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
            HasCustomPhrases = (await StoredAsync(cancellationToken)).Count > 0;
            return Page();
        }
        return Redirect($"/console/localization/{Uri.EscapeDataString(tag)}?saved=1");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (LanguageTags.Canonical(LanguageTag) is not { } tag)
        {
            return NotFound();
        }
        LanguageTag = tag;
        if (!ConfirmRemove)
        {
            Errors.Add("confirmRemove", "Tick the box to confirm: the pages go back to the built-in texts.");
        }
        else
        {
            try
            {
                await phrases.DeleteAsync(tag, cancellationToken);
                return Redirect("/console/localization");
            }
            catch (AdminValidationException exception)
            {
                Errors.AddAll(exception.Problems);
            }
            catch (NotFoundException)
            {
                return Redirect("/console/localization");
            }
        }
        var stored = await StoredAsync(cancellationToken);
        Texts = [.. Keys.Select(k => stored.GetValueOrDefault(k.Key))];
        return Page();
    }

    /// <summary>The id of the input for the phrase at this position, and of its error.</summary>
    public static string FieldId(int index) => $"phrase-{index}";

    private async Task<IReadOnlyDictionary<string, string>> StoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            var view = await phrases.GetAsync(LanguageTag, cancellationToken);
            HasCustomPhrases = view.Translation.Count > 0;
            return view.Translation;
        }
        catch (NotFoundException)
        {
            return new Dictionary<string, string>();
        }
    }
}
