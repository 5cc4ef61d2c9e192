using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Sends an authorization error back to the app, with <c>state</c> and <c>iss</c>, whenever the app and its
/// <c>redirect_uri</c> are known to be good. OpenIddict redirects no error found while validating the request (a missing
/// <c>response_type</c>, a missing or malformed PKCE challenge, an unsupported <c>request</c> parameter…) and shows our
/// error page instead, which leaves the app waiting for a response that never comes. RFC 6749 4.1.2.1 keeps the error
/// page only for a missing or invalid client or redirect URI, and RFC 9207 wants <c>iss</c> on every other error, so
/// this handler re-checks the client and the redirect URI exactly as OpenIddict would and, when both hold, redirects.
/// </summary>
public sealed class RedirectAuthorizationErrors(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RedirectAuthorizationErrors>()
            // After OpenIddict has chosen (or declined) the redirect URI and response mode, before it attaches state and iss.
            .SetOrder(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        var request = context.Request;
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error) || request is null ||
            string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.RedirectUri))
        {
            return;
        }

        // Only errors of the validation step: later errors (login_required…) already carry OpenIddict's redirect URI.
        var validation = context.Transaction.GetProperty<ValidateAuthorizationRequestContext>(typeof(ValidateAuthorizationRequestContext).FullName!);
        if (validation is not { IsRejected: true })
        {
            return;
        }

        // The rules OpenIddict applies to redirect_uri before it looks at the client: absolute, no fragment, no iss.
        if (!Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) ||
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).ContainsKey(Parameters.Iss))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(request.ClientId);
        if (application is null ||
            !await applications.HasPermissionAsync(application, Permissions.Endpoints.Authorization) ||
            !await applications.ValidateRedirectUriAsync(application, request.RedirectUri))
        {
            return;
        }

        var mode = request.IsFormPostResponseMode() ? ResponseModes.FormPost
            : request.IsFragmentResponseMode() ? ResponseModes.Fragment
            : string.IsNullOrEmpty(request.ResponseMode) || request.IsQueryResponseMode() ? ResponseModes.Query
            : null; // an unknown response_mode: no way to answer the app, so the error page stays
        if (mode is null)
        {
            return;
        }

        context.RedirectUri = request.RedirectUri;
        context.ResponseMode = mode;
    }
}
