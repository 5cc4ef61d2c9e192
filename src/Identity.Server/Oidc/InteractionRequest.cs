using Identity.Core.Interaction;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>What an authorization request asks of the hosted pages: Logto's extra parameters, read once.</summary>
public static class InteractionRequest
{
    public const string FirstScreenParameter = "first_screen";
    public const string InteractionModeParameter = "interaction_mode";
    public const string IdentifierParameter = "identifier";

    // Logto's SDKs send `identifier` as the identifier *types* to offer ("username", "email phone"); only a value that
    // is not such a list is a username to pre-fill. login_hint, the standard parameter, comes first.
    private static readonly HashSet<string> IdentifierTypes = new(StringComparer.Ordinal) { "username", "email", "phone" };

    public static FirstScreen GetFirstScreen(this OpenIddictRequest request) =>
        FirstScreenResolver.Resolve((string?)request[FirstScreenParameter], (string?)request[InteractionModeParameter]);

    public static string? GetUsernameHint(this OpenIddictRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.LoginHint))
        {
            return request.LoginHint;
        }

        var identifier = (string?)request[IdentifierParameter];
        return string.IsNullOrWhiteSpace(identifier) ||
               identifier.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(IdentifierTypes.Contains)
            ? null
            : identifier;
    }

    /// <summary>
    /// The local URL that resumes this authorization request after the user has signed in. Parameters that forced
    /// the sign-in (<c>prompt=login</c>, <c>max_age</c>, <c>id_token_hint</c>) are dropped so that, once satisfied,
    /// they do not send the user round again.
    /// </summary>
    public static string GetResumeUrl(HttpRequest httpRequest)
    {
        var source = httpRequest.HasFormContentType ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)httpRequest.Form : httpRequest.Query;
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in source)
        {
            if (name is Parameters.MaxAge or Parameters.IdTokenHint || name == "__RequestVerificationToken")
            {
                continue;
            }

            foreach (var value in values)
            {
                if (name == Parameters.Prompt)
                {
                    var remaining = string.Join(' ', (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p != PromptValues.Login));
                    if (remaining.Length > 0) parameters.Add(new(name, remaining));
                    continue;
                }
                parameters.Add(new(name, value));
            }
        }

        return HostedPages.WithQuery(OidcPaths.AuthorizationRoute, parameters);
    }
}
