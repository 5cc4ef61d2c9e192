using Identity.AdminConsole.SignInExperience;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Ui.Branding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.SignInExperience;

/// <summary>
/// The live preview: the hosted pages' own layout, fields and social buttons, with the draft experience the query
/// string describes (nothing is saved) and inert (no form posts anywhere). Framable by the console only: the security
/// headers make an exception for exactly this route.
/// </summary>
public sealed class PreviewModel(ConnectorRegistry registry, SignInExperiencePreview preview) : PageModel
{
    public bool Register { get; private set; }

    public SignInExperienceSettings Draft { get; private set; } = SignInExperienceSettings.Default;

    public IReadOnlyList<SocialButton> Buttons { get; private set; } = [];

    /// <summary>The same draft on the other page, for the page's own "Create account" / "Sign in" link.</summary>
    public string OtherPageUrl { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var form = new SignInExperienceForm();
        await TryUpdateModelAsync(form, string.Empty);
        // Read directly: "page" is also the route value naming this Razor page.
        Register = Request.Query["page"] == SignInExperiencePreviewUrl.RegisterPage;
        var theme = Request.Query["theme"] == "dark" ? ColorScheme.Dark : ColorScheme.Light;
        Draft = SignInExperienceDraft.Settings(form, theme);
        Buttons = await registry.GetButtonsAsync(Draft, cancellationToken);
        OtherPageUrl = SignInExperiencePreviewUrl.For(form,
            Register ? SignInExperiencePreviewUrl.SignInPage : SignInExperiencePreviewUrl.RegisterPage, theme == ColorScheme.Dark ? "dark" : "light");
        preview.Show(Draft, SignInExperiencePreviewUrl.Stylesheet(form), signsUp: Register && (Draft.OffersPasswordSignUp || Buttons.Count > 0));
    }
}
