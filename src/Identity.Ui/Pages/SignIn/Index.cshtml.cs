using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Ui.Throttling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Identity.Ui.Pages.SignIn;

public sealed class IndexModel(
    AccountService accounts, ISignInExperienceProvider experience, ConnectorRegistry connectors, IStringLocalizer<SharedResource> localizer)
    : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    // Bound on POST only and never rendered back: the page does not echo passwords.
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<SocialButton> SocialButtons { get; private set; } = [];

    public bool CanRegister { get; private set; }

    public string RegisterUrl => HostedPages.ForInteraction(FirstScreen.Register, HostedPages.SafeReturnUrl(ReturnUrl), null);

    public async Task OnGetAsync([FromQuery(Name = HostedPages.UsernameParameter)] string? username)
    {
        Username = username;
        await LoadExperienceAsync();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadExperienceAsync();
        // Decided before the session starts, so nothing about the link can fail once the sign-in is recorded.
        var returnUrl = HostedPages.SafeReturnUrl(ReturnUrl);
        var result = await accounts.SignInAsync(Username, Password, cancellationToken);
        if (result.Succeeded)
        {
            // 302 to a local URL only: never a 307, which would re-post the password.
            return LocalRedirect(returnUrl);
        }

        // Counted per client address: many failures over many usernames get the address a 429 for a while.
        HttpContext.ReportFailedAttempt();
        Errors.AddRange(result.Errors);
        Password = null;
        return Page();
    }

    private async Task LoadExperienceAsync()
    {
        var settings = await experience.GetAsync(HttpContext.RequestAborted);
        CanRegister = settings.AllowsRegistration;
        SocialButtons = await connectors.GetButtonsAsync(settings, HttpContext.RequestAborted);

        // A note left by the social callback (e.g. "Sign-in with OAuth2 was cancelled"), shown once.
        if (TempData[Social.CallbackModel.NoticeKey] is string notice)
        {
            Errors.Add(new FieldError(string.Empty, localizer[notice, TempData[Social.CallbackModel.NoticeArgumentKey] ?? string.Empty]));
        }
    }
}
