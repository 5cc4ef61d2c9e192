using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Core.Social;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Identity.Ui.Pages.Social;

/// <summary>
/// A first social sign-in while the sign-up identifier is "username": the user picks one, then the account is created
/// and linked (the social identity counts as the password, as in Logto).
/// </summary>
public sealed class UsernameModel(SocialSignInService social, IOptions<HostedPagesOptions> options) : PageModel
{
    public const string Path = "/social/username";

    [BindProperty]
    public string? Username { get; set; }

    public string ConnectorName { get; private set; } = string.Empty;

    public FormErrors Errors { get; } = new();

    public bool HasPendingAttempt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pending = await social.GetPendingAsync(Nonce, cancellationToken);
        if (pending is null)
        {
            return Expired();
        }

        HasPendingAttempt = true;
        ConnectorName = pending.ConnectorName;
        Username = pending.SuggestedUsername;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (outcome, errors) = await social.CompleteRegistrationAsync(Nonce, Username, cancellationToken);
        switch (outcome)
        {
            case SocialOutcome.SignedIn signedIn:
                Response.Cookies.Delete(options.Value.SocialCookieName);
                return LocalRedirect(HostedPages.SafeReturnUrl(signedIn.ReturnUrl));
            case SocialOutcome.InvalidAttempt:
                return Expired();
        }

        var pending = await social.GetPendingAsync(Nonce, cancellationToken);
        HasPendingAttempt = pending is not null;
        ConnectorName = pending?.ConnectorName ?? string.Empty;
        Errors.AddRange(errors);
        return Page();
    }

    private string? Nonce => Request.Cookies[options.Value.SocialCookieName];

    private PageResult Expired()
    {
        Errors.Add(new FieldError(string.Empty, SocialMessages.InvalidAttempt));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
