using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// Userinfo takes its access token from the Authorization header or, in a POST, the form body (RFC 6750 2.1 and 2.2),
/// never from the URL: a URL ends up in access logs, browser history and Referer headers (RFC 6750 2.3 and 5.3).
/// OpenIddict reads a GET's query as the request, so <c>?access_token=</c> was served; it is refused here with
/// <c>invalid_request</c>, as is a token sent both in the header and in the body (RFC 6750 2: one method per request).
/// The Management API's side of the rule is set where its validation is configured (see OidcServerRegistration).
/// </summary>
public sealed class AcceptUserInfoTokensOnlyOutsideTheUrl : IOpenIddictServerHandler<ExtractUserInfoRequestContext>
{
    public const string InUrl = "The access token must be sent in the Authorization header (or the body of a POST), never in the URL.";
    public const string Twice = "The access token must be sent once: in the Authorization header or in the body, not both.";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractUserInfoRequestContext>()
            .UseSingletonHandler<AcceptUserInfoTokensOnlyOutsideTheUrl>()
            // After the query or form is read, before OpenIddict takes the header's token in place of the body's.
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractAccessToken<ExtractUserInfoRequestContext>.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ExtractUserInfoRequestContext context)
    {
        if (context.Transaction.GetHttpRequest() is not { } http)
        {
            return default;
        }

        if (http.Query.ContainsKey(Parameters.AccessToken))
        {
            context.Reject(error: Errors.InvalidRequest, description: InUrl);
        }
        else if (HttpMethods.IsPost(http.Method) && !string.IsNullOrEmpty(context.Request?.AccessToken) &&
                 http.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Reject(error: Errors.InvalidRequest, description: Twice);
        }
        return default;
    }
}
