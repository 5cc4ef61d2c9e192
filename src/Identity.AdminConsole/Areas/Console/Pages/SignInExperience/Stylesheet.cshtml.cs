using Identity.AdminConsole.SignInExperience;
using Identity.Ui.Branding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.SignInExperience;

/// <summary>The preview's <c>/branding.css</c>: the draft's colors and custom CSS, from the query string.</summary>
public sealed class StylesheetModel : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var form = new SignInExperienceForm();
        await TryUpdateModelAsync(form, string.Empty);
        Response.Headers.CacheControl = "no-store";
        return Content(BrandingStylesheet.Create(SignInExperienceDraft.Settings(form, theme: null).Branding), HostedPagesBranding.StylesheetContentType);
    }
}
