using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Ui.Throttling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Ui.Pages.Register;

public sealed class IndexModel(AccountService accounts, ISignInExperienceProvider experience, ConnectorRegistry connectors) : PageModel
{
    public const string ConfirmPasswordField = "ConfirmPassword";

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    /// <summary>The input the cursor starts in: the first one with an error, else the username.</summary>
    public string FocusField =>
        Errors.For(AccountService.UsernameField) is null && Errors.For(AccountService.PasswordField) is not null ? "password"
        : Errors.For(AccountService.UsernameField) is null && Errors.For(ConfirmPasswordField) is not null ? "confirm-password"
        : "username";

    public IReadOnlyList<SocialButton> SocialButtons { get; private set; } = [];

    public bool RegistrationOpen { get; private set; }

    public bool CanSignIn { get; private set; }

    public string SignInUrl => HostedPages.ForInteraction(FirstScreen.SignIn, HostedPages.SafeReturnUrl(ReturnUrl), null);

    public async Task OnGetAsync([FromQuery(Name = HostedPages.UsernameParameter)] string? username)
    {
        Username = username;
        await LoadExperienceAsync();
        if (!RegistrationOpen && SocialButtons.Count == 0)
        {
            Errors.Add(new(string.Empty, AccountMessages.RegistrationClosed));
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadExperienceAsync();
        if (!string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
        {
            Errors.Add(new(ConfirmPasswordField, AccountMessages.PasswordsDoNotMatch));
        }
        else
        {
            // Decided before the session starts, so nothing about the link can fail once the sign-up is recorded.
            var returnUrl = HostedPages.SafeReturnUrl(ReturnUrl);
            var result = await accounts.SignUpAsync(Username, Password, cancellationToken);
            if (result.Succeeded)
            {
                return LocalRedirect(returnUrl);
            }
            Errors.AddRange(result.Errors);
        }

        // Counted per client address like failed sign-ins: probing for taken usernames is enumeration.
        HttpContext.ReportFailedAttempt();
        Password = ConfirmPassword = null;
        return Page();
    }

    private async Task LoadExperienceAsync()
    {
        var settings = await experience.GetAsync(HttpContext.RequestAborted);
        // The form is offered only when sign-up with username and password is; social sign-up shows its buttons alone.
        RegistrationOpen = settings.OffersPasswordSignUp;
        CanSignIn = settings.AllowsSignIn;
        SocialButtons = await connectors.GetButtonsAsync(settings, HttpContext.RequestAborted);
    }
}
