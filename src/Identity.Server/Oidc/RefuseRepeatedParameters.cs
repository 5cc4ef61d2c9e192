using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// A request parameter sent more than once is refused with <c>invalid_request</c> naming it (RFC 6749 3.1 and 3.2:
/// parameters must not be included more than once). OpenIddict keeps every value, but reads a repeated parameter as
/// absent, so <c>state=s&amp;state=evil</c> gave a code without state and <c>prompt=none&amp;prompt=login</c> a code
/// without sign-in. Only <c>resource</c> may repeat (RFC 8707 2). The rule is decided here, once, for every endpoint.
/// </summary>
public static class RefuseRepeatedParameters
{
    /// <summary>The parameters a request may carry several times.</summary>
    public static readonly IReadOnlySet<string> MayRepeat = new HashSet<string>(StringComparer.Ordinal) { Parameters.Resource };

    /// <summary>The first parameter of <paramref name="request"/> sent more than once and not allowed to be, if any.</summary>
    public static string? FindRepeated(OpenIddictRequest request)
    {
        foreach (var (name, value) in request.GetParameters())
        {
            if (value.Count > 1 && !MayRepeat.Contains(name))
            {
                return name;
            }
        }
        return null;
    }

    public static string Description(string name) => $"The '{name}' parameter must not be included more than once.";

    private static void RejectIfRepeated(BaseValidatingContext context, OpenIddictRequest? request)
    {
        if (request is not null && FindRepeated(request) is { } name)
        {
            context.Reject(error: Errors.InvalidRequest, description: Description(name));
        }
    }

    /// <summary>
    /// At the token, end-session, userinfo, revocation and introspection endpoints: as soon as the request is read,
    /// before a client is authenticated or a code, token or hint is looked at (so a refused request consumes nothing).
    /// </summary>
    public sealed class AtExtraction<TContext> : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
                .UseSingletonHandler<AtExtraction<TContext>>()
                // After OpenIddict has read the query or form, before it authenticates the client or reads a token.
                .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<TContext>.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(TContext context)
        {
            RejectIfRepeated(context, context.Transaction.Request);
            return default;
        }
    }

    /// <summary>
    /// At the authorization endpoint: first of the validation, so the error goes back to the app when its
    /// <c>client_id</c> and <c>redirect_uri</c> are valid and single (see <see cref="RedirectAuthorizationErrors"/>),
    /// and to the error page otherwise.
    /// </summary>
    public sealed class AtAuthorization : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
                .UseSingletonHandler<AtAuthorization>()
                .SetOrder(int.MinValue + 10_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            RejectIfRepeated(context, context.Request);
            return default;
        }
    }
}
