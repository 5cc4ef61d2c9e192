using Identity.Core.Interaction;
using Identity.Core.Social;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Identity.Ui.Pages.Social;

/// <summary>The "Continue with ..." button posts here: start the attempt, bind it to this browser, go to the provider.</summary>
public sealed class StartModel(SocialSignInService social, IOptions<HostedPagesOptions> options) : PageModel
{
    public IActionResult OnGet() => Redirect(HostedPages.SignIn);

    public async Task<IActionResult> OnPostAsync(string connectorId, string? returnUrl, CancellationToken cancellationToken)
    {
        var serverBase = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/");
        var start = await social.StartAsync(connectorId, returnUrl, serverBase, cancellationToken);
        if (start is null)
        {
            return NotFound();
        }

        Response.Cookies.Append(options.Value.SocialCookieName, start.BrowserNonce, options.Value.SocialCookie(start.ExpiresAt));
        return Redirect(start.AuthorizationUri.AbsoluteUri);
    }
}
