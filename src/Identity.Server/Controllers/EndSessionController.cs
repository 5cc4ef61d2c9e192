using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Server.Oidc;
using Identity.Ui.Errors;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Controllers;

/// <summary>
/// RP-initiated logout (<c>/oidc/session/end</c>). A request that proves it comes from the app signs the user out at
/// once: a valid <c>id_token_hint</c>, or (unless <see cref="ServerSecurityOptions.ConfirmSignOutWithoutIdTokenHint"/>)
/// <c>client_id</c> with a post-logout URI registered for that client, which is what Logto's SDKs send and Logto
/// signs out without a prompt. Anything else could be a forged link, so the user confirms first. OpenIddict has
/// already refused post-logout URIs that are not registered, so no redirect goes anywhere unlisted.
/// </summary>
public sealed class EndSessionController(AccountService accounts, Microsoft.Extensions.Options.IOptions<ServerSecurityOptions> security) : Controller
{
    public const string ConfirmField = "confirm";

    [HttpGet(OidcPaths.EndSessionRoute), HttpPost(OidcPaths.EndSessionRoute), IgnoreAntiforgeryToken]
    public async Task<IActionResult> EndSession()
    {
        if (RefusedRequestPage() is { } refused)
        {
            return refused;
        }

        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        // Without a hint OpenIddict still authenticates, with an empty principal: only a subject proves a valid hint.
        var hint = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var fromTheApp = hint.Principal?.GetClaim(Claims.Subject) is not null ||
            (!security.Value.ConfirmSignOutWithoutIdTokenHint &&
             !string.IsNullOrEmpty(request.ClientId) && !string.IsNullOrEmpty(request.PostLogoutRedirectUri));
        if (!fromTheApp)
        {
            var confirmation = HostedPages.WithQuery(HostedPages.SignOut,
                request.GetParameters().Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value)));
            return HostedPages.FitsInRedirect(confirmation)
                ? Redirect(confirmation)
                : ProtocolErrorPage.For(Errors.InvalidRequest, "The logout request is too large: send fewer or shorter parameters.", HttpContext);
        }

        return await SignOutAndReturnAsync(request.ClientId ?? hint.Principal?.GetPresenters().FirstOrDefault());
    }

    /// <summary>The "Sign out?" page posts here; the antiforgery token proves the user clicked it.</summary>
    [HttpPost(OidcPaths.EndSessionRoute), ValidateAntiForgeryToken, FormValueRequired(ConfirmField)]
    public async Task<IActionResult> ConfirmEndSession() =>
        // The confirmed request is validated again (the page can be reached with any parameters): a refused one
        // signs nobody out and cannot be signed out of with OpenIddict, which has no request left to answer.
        RefusedRequestPage() ?? await SignOutAndReturnAsync(HttpContext.GetOpenIddictServerRequest()?.ClientId);

    /// <summary>The error page for a request OpenIddict refused (e.g. an invalid post_logout_redirect_uri), if it did.</summary>
    private IActionResult? RefusedRequestPage() =>
        HttpContext.GetOpenIddictServerResponse() is { Error.Length: > 0 } failure
            ? ProtocolErrorPage.For(failure.Error, failure.ErrorDescription, HttpContext)
            : null;

    private async Task<IActionResult> SignOutAndReturnAsync(string? clientId)
    {
        await accounts.SignOutAsync(clientId, HttpContext.RequestAborted);

        // OpenIddict redirects to the validated post_logout_redirect_uri (with state) when there is one, else here.
        return SignOut(new AuthenticationProperties { RedirectUri = HostedPages.SignedOut },
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
