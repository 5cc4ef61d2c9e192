using Identity.Admin;
using Identity.Core.Phrases;
using Identity.Core.SignInExperience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Localization;

/// <summary>The hosted pages' languages: the built-in ones and those with custom phrases, and adding a new one.</summary>
public sealed class IndexModel(CustomPhraseAdmin phrases) : PageModel
{
    public IReadOnlyList<CustomPhraseView> Customized { get; private set; } = [];

    public static IReadOnlyList<string> BuiltIn => LanguageInfo.SupportedLanguages;

    public static int PhraseCount => CustomPhraseAdmin.ListKeys().Count;

    [BindProperty]
    public string? LanguageTag { get; set; }

    public FieldErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Customized = await phrases.ListAsync(cancellationToken);

    /// <summary>"Add a language": a well-formed tag opens its (empty) editor; nothing is saved until its phrases are.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (LanguageTags.Canonical(LanguageTag?.Trim()) is { } tag)
        {
            return Redirect($"/console/localization/{Uri.EscapeDataString(tag)}");
        }
        Errors.Add("languageTag", "Enter a language tag such as fr, pt-BR or zh-Hant (BCP 47).");
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
