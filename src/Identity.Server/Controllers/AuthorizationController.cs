using System.Globalization;
using System.Security.Claims;
using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Server.Principals;
using Identity.Server.Oidc;
using Identity.Ui.Errors;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Controllers;

/// <summary>
/// The authorization endpoint (<c>/oidc/auth</c>). OpenIddict has already checked the client, the redirect URI and
/// PKCE; this action decides whether the user must sign in first, then issues the code.
/// </summary>
public sealed class AuthorizationController(
    UserManager<UserAccount> users,
    IOpenIddictApplicationManager applications,
    TimeProvider clock) : Controller
{
    [HttpGet(OidcPaths.AuthorizationRoute), HttpPost(OidcPaths.AuthorizationRoute), IgnoreAntiforgeryToken]
    public async Task<IActionResult> Authorize()
    {
        // Errors that must not be redirected (unknown client, unregistered redirect_uri) reach us to be shown here.
        if (HttpContext.GetOpenIddictServerResponse() is { Error.Length: > 0 } failure)
        {
            return ProtocolErrorPage.For(failure.Error, failure.ErrorDescription, HttpContext);
        }

        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        var hint = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var hintedSubject = hint.Principal?.GetClaim(Claims.Subject);

        var mustSignIn = user is null
            || request.HasPromptValue(PromptValues.Login)
            || MaxAgeExceeded(session.Principal, request.MaxAge)
            || (hintedSubject is not null && hintedSubject != user.Id);

        if (mustSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user must sign in first.");
            }

            var resumeUrl = InteractionRequest.GetResumeUrl(Request);
            return Redirect(HostedPages.ForInteraction(request.GetFirstScreen(), resumeUrl, request.GetUsernameHint()));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("OpenIddict validated the client, yet it cannot be found.");

        // First-party apps are consented automatically, also under prompt=consent (Logto's SDKs always send it).
        if (await applications.GetConsentTypeAsync(application) is not ConsentTypes.Implicit)
        {
            return Refuse(Errors.ConsentRequired, "This application needs consent, which this server does not ask for yet.");
        }

        var scopes = await ScopeGrants.ForUserAsync(applications, application, request.GetScopes(), HttpContext.RequestAborted);
        var identity = UserClaimsFactory.CreateIdentity(user!, scopes, session.Principal!.FindFirstValue(SessionClaims.AuthenticationTime),
            await users.GetSecurityStampAsync(user!));
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private bool MaxAgeExceeded(ClaimsPrincipal? session, long? maxAge)
    {
        if (maxAge is null || session is null)
        {
            return false;
        }

        if (!long.TryParse(session.FindFirstValue(SessionClaims.AuthenticationTime), NumberStyles.Integer, CultureInfo.InvariantCulture, out var authTime))
        {
            return true;
        }

        return clock.GetUtcNow().ToUnixTimeSeconds() - authTime > maxAge.Value;
    }

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
