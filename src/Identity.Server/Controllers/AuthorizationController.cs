using System.Globalization;
using System.Security.Claims;
using Identity.Core.Accounts;
using Identity.Core.Interaction;
using Identity.Core.Resources;
using Identity.Admin.Seeding;
using Identity.Server.Principals;
using Identity.Server.Oidc;
using Identity.Ui.Consent;
using Identity.Ui.Errors;
using System.Collections.Immutable;
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
    IOpenIddictAuthorizationManager authorizations,
    ResourceAccess resources,
    TimeProvider clock) : Controller
{
    public const string TooLargeToResume = "The authorization request is too large to resume after sign-in: send fewer or shorter parameters.";

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
            var interaction = HostedPages.ForInteraction(request.GetFirstScreen(), resumeUrl, request.GetUsernameHint());

            // A large POSTed request cannot be resumed as a GET the browser could send back: refuse it here, clearly.
            return HostedPages.FitsInRedirect(interaction)
                ? Redirect(interaction)
                : ProtocolErrorPage.For(Errors.InvalidRequest, TooLargeToResume, HttpContext);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("OpenIddict validated the client, yet it cannot be found.");

        var (identity, scopes) = await GrantAsync(request, application, user!, session.Principal!);

        // First-party apps are consented automatically, also under prompt=consent (Logto's SDKs always send it).
        // A third-party app needs the user's own consent for these scopes, asked again under prompt=consent.
        if (await applications.GetConsentTypeAsync(application) is ConsentTypes.Explicit)
        {
            var consent = await FindConsentAsync(user!.Id, application, scopes);
            if (consent is null || request.HasPromptValue(PromptValues.Consent))
            {
                return request.HasPromptValue(PromptValues.None)
                    ? Refuse(Errors.ConsentRequired, "The user must consent to this application first.")
                    : ConsentPage.For(new ConsentViewModel(
                        await applications.GetLocalizedDisplayNameAsync(application) ?? request.ClientId!, scopes, ResubmittedParameters()), HttpContext);
            }
            identity.SetAuthorizationId(await authorizations.GetIdAsync(consent));
        }

        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The consent page's Allow: remember the consent for these scopes, then issue the code.</summary>
    [HttpPost(OidcPaths.AuthorizationRoute), ValidateAntiForgeryToken, FormValueRequired(ConsentPage.AcceptField)]
    public async Task<IActionResult> Accept()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if ((session.Succeeded ? await users.GetUserAsync(session.Principal) : null) is not { } user)
        {
            return Redirect(HostedPages.ForInteraction(FirstScreen.SignIn, InteractionRequest.GetResumeUrl(Request), null));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("OpenIddict validated the client, yet it cannot be found.");
        var (identity, scopes) = await GrantAsync(request, application, user, session.Principal!);
        var consent = await FindConsentAsync(user.Id, application, scopes) ?? await authorizations.CreateAsync(
            identity: identity, subject: user.Id, client: (await applications.GetIdAsync(application))!,
            type: AuthorizationTypes.Permanent, scopes: scopes);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(consent));
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The consent page's Deny: back to the app with access_denied.</summary>
    [HttpPost(OidcPaths.AuthorizationRoute), ValidateAntiForgeryToken, FormValueRequired(ConsentPage.DenyField)]
    public IActionResult Deny() => Refuse(Errors.AccessDenied, "The user denied the application access.");

    // What the code grants: the user's claims, the scopes the app may have, and the API resources asked for (each
    // registered, checked by RegisteredResources), or else the app's default resource, which the code and its refresh
    // tokens keep for later token requests.
    private async Task<(ClaimsIdentity Identity, ImmutableArray<string> Scopes)> GrantAsync(
        OpenIddictRequest request, object application, UserAccount user, ClaimsPrincipal session)
    {
        var requestedResources = request.GetResources();
        if (requestedResources.IsEmpty &&
            ApplicationDescriptors.DefaultResourceOf(await applications.GetPropertiesAsync(application, HttpContext.RequestAborted)) is { } fallback)
        {
            requestedResources = [fallback];
        }
        var resourceScopes = await resources.ScopeNamesAsync(requestedResources, HttpContext.RequestAborted);
        var scopes = await ScopeGrants.ForUserAsync(applications, application, request.GetScopes(), resourceScopes, HttpContext.RequestAborted);
        var identity = UserClaimsFactory.CreateIdentity(user, scopes, session.FindFirstValue(SessionClaims.AuthenticationTime),
            await users.GetSecurityStampAsync(user));
        identity.SetResources(requestedResources.Distinct(StringComparer.Ordinal));
        return (identity, scopes);
    }

    private async Task<object?> FindConsentAsync(string userId, object application, ImmutableArray<string> scopes)
    {
        await foreach (var authorization in authorizations.FindAsync(userId, await applications.GetIdAsync(application),
            Statuses.Valid, AuthorizationTypes.Permanent, scopes))
        {
            return authorization;
        }
        return null;
    }

    // The authorization request as it came, so Allow and Deny re-post it unchanged.
    private List<KeyValuePair<string, string>> ResubmittedParameters()
    {
        var source = Request.HasFormContentType
            ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)Request.Form : Request.Query;
        return [.. source.Where(p => p.Key != "__RequestVerificationToken")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty)))];
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
