using Identity.Core.Interaction;
using Identity.Core.Social;
using Identity.Ui.Throttling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Identity.Ui.Pages.Social;

/// <summary>
/// <c>/callback/{connectorId}</c>: where the provider sends the user back. A form_post callback is turned into the same
/// GET (303, as Logto does), so there is one way in; the service checks the state before anything else. Failures a
/// caller can cause are reported as failed attempts (see <see cref="FailedAttempts"/>).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class CallbackModel(SocialSignInService social, IOptions<HostedPagesOptions> options) : PageModel
{
    public const string NoticeKey = "SocialNotice";
    public const string NoticeArgumentKey = "SocialNoticeArgument";

    /// <summary>A message template; {0} is <see cref="ConnectorName"/>.</summary>
    public string Title { get; private set; } = string.Empty;

    public string ConnectorName { get; private set; } = string.Empty;

    public string Message { get; private set; } = string.Empty;

    public string SignInUrl { get; private set; } = HostedPages.SignIn;

    /// <summary>What the user can quote to an admin: the id the failure was logged under, else the request's.</summary>
    public string Reference { get; private set; } = string.Empty;

    public IActionResult OnPost()
    {
        // 303 makes the browser GET the callback; a 307 would re-post.
        var callback = QueryHelpers.AddQueryString(Request.PathBase + Request.Path,
            Request.HasFormContentType ? Request.Form.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()) : new Dictionary<string, string?>());
        if (!HostedPages.FitsInRedirect(callback))
        {
            // No provider sends a callback this large; as a GET it could not come back in.
            return CannotContinue();
        }
        Response.Headers.Location = callback;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    public async Task<IActionResult> OnGetAsync(string connectorId, CancellationToken cancellationToken)
    {
        var parameters = Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var nonce = Request.Cookies[options.Value.SocialCookieName];
        var outcome = await social.CompleteCallbackAsync(connectorId, parameters, nonce, cancellationToken);

        switch (outcome)
        {
            case SocialOutcome.SignedIn signedIn:
                Response.Cookies.Delete(options.Value.SocialCookieName);
                return LocalRedirect(HostedPages.SafeReturnUrl(signedIn.ReturnUrl));

            case SocialOutcome.NeedsUsername:
                return Redirect(UsernameModel.Path);

            case SocialOutcome.Cancelled cancelled:
                TempData[NoticeKey] = SocialMessages.Cancelled;
                TempData[NoticeArgumentKey] = cancelled.ConnectorName;
                return Redirect(SignInPage(cancelled.ReturnUrl));

            case SocialOutcome.Refused refused:
                TempData[NoticeKey] = refused.Message;
                return Redirect(SignInPage(refused.ReturnUrl));

            case SocialOutcome.Failed failed:
                if (failed.CallbackRefused)
                {
                    HttpContext.ReportFailedAttempt();
                }
                Title = SocialMessages.Failed;
                ConnectorName = failed.ConnectorName;
                Message = failed.Message;
                Reference = failed.Reference ?? HttpContext.TraceIdentifier;
                SignInUrl = SignInPage(failed.ReturnUrl);
                Response.StatusCode = StatusCodes.Status502BadGateway;
                return Page();

            default:
                return CannotContinue();
        }
    }

    // A missing, forged, expired or replayed state (or a form_post too large to resume): counted per client address
    // with failed sign-ins, so callbacks are no way around that limit.
    private PageResult CannotContinue()
    {
        HttpContext.ReportFailedAttempt();
        Title = SocialMessages.CannotContinue;
        Message = SocialMessages.InvalidAttempt;
        Reference = HttpContext.TraceIdentifier;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string SignInPage(string? returnUrl) =>
        HostedPages.ForInteraction(FirstScreen.SignIn, HostedPages.SafeReturnUrl(returnUrl), null);
}
