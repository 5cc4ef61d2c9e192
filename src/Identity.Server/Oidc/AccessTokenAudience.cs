using System.Collections.Immutable;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

/// <summary>
/// What one access token is for, decided by the token endpoint: an API resource (its indicator is the <c>aud</c>, its
/// TTL the lifetime, and the scopes the holder's roles grant), or this server's own endpoints (no <c>aud</c>, the OpenID
/// Connect scopes). OpenIddict would give the access token every resource of the grant as its audience; the grant keeps
/// them all (its refresh token may ask for any of them later, RFC 8707 2.2) while each access token names one.
/// </summary>
public sealed record AccessTokenAudience(string? Resource, ImmutableArray<string> Scopes, TimeSpan? Lifetime)
{
    /// <summary>Hands the decision to <see cref="Apply"/> through the request's OpenIddict transaction (not the sign-in's
    /// properties: OpenIddict stores those in the codes and refresh tokens it issues).</summary>
    public void AttachTo(HttpContext http) =>
        (http.Features.Get<OpenIddictServerAspNetCoreFeature>()?.Transaction
            ?? throw new InvalidOperationException("Only the token endpoint decides an access token's audience.")).SetProperty(typeof(AccessTokenAudience).FullName!, this);

    /// <summary>Applies the decision to the access token OpenIddict prepared (before it is signed and its scope answered).</summary>
    public sealed class Apply : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<Apply>()
                .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.AccessTokenPrincipal is not { } token)
            {
                return default;
            }
            var decided = context.Transaction.GetProperty<AccessTokenAudience>(typeof(AccessTokenAudience).FullName!);
            if (decided is null)
            {
                // Only grants without resources reach here (client credentials without one): no audience either way.
                token.SetAudiences(ImmutableArray<string>.Empty);
                return default;
            }

            token.SetAudiences(decided.Resource is { } resource ? [resource] : ImmutableArray<string>.Empty);
            token.SetScopes(decided.Scopes);
            if (decided.Lifetime is { } lifetime && token.GetCreationDate() is { } created)
            {
                token.SetExpirationDate(created + lifetime);
            }
            return default;
        }
    }
}
