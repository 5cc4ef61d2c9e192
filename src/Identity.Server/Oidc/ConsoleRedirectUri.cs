using Identity.Admin.Access;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Authentication;

namespace Identity.Server.Oidc;

/// <summary>
/// In place of OpenIddict's check of the redirect URI against the client's registered ones: the Admin Console's client
/// has none, and may only be sent back to the console's callback on the very origin the authorization request came to
/// (so it works on every name the server answers to, and a code for it never leaves this server). Every other client is
/// checked as OpenIddict checks it.
/// </summary>
public sealed class ConsoleRedirectUri(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Replaced => ValidateClientRedirectUri.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
            .UseScopedHandler<ConsoleRedirectUri>()
            .SetOrder(ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (ConsoleClient.IsConsole(context.ClientId))
        {
            if (context.RedirectUri != ConsoleCallback(context.BaseUri))
            {
                Reject(context);
            }
            return;
        }

        var application = await applications.FindByClientIdAsync(context.ClientId!) ??
            throw new InvalidOperationException("The client was validated before its redirect URI.");
        if (string.IsNullOrEmpty(context.RedirectUri))
        {
            // As OpenIddict: a client with exactly one registered redirect URI may leave it out.
            var registered = await applications.GetRedirectUrisAsync(application);
            if (registered.Length != 1)
            {
                context.Reject(OpenIddictConstants.Errors.InvalidRequest, OpenIddictResources.FormatID2029(OpenIddictConstants.Parameters.RedirectUri),
                    OpenIddictResources.FormatID8000(OpenIddictResources.ID2029));
                return;
            }
            context.SetRedirectUri(registered[0]);
        }
        else if (!await applications.ValidateRedirectUriAsync(application, context.RedirectUri))
        {
            Reject(context);
        }
    }

    // The request's base is {origin}/oidc (UseOidcIssuer); the console lives beside it.
    private static string? ConsoleCallback(Uri? baseUri) =>
        baseUri is null ? null : baseUri.AbsoluteUri.TrimEnd('/')[..^OidcPaths.Prefix.Length] + ConsoleClient.CallbackPath;

    private static void Reject(ValidateAuthorizationRequestContext context) =>
        context.Reject(OpenIddictConstants.Errors.InvalidRequest, OpenIddictResources.FormatID2043(OpenIddictConstants.Parameters.RedirectUri),
            OpenIddictResources.FormatID8000(OpenIddictResources.ID2043));
}
