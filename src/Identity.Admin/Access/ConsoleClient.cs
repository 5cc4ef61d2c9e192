using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Admin.Access;

/// <summary>
/// The Admin Console as a client of this server: a public, first-party client using the code flow with PKCE, so a person
/// signs in to the console the way they sign in to any app (password rules, lockout, sessions, audit). It has no
/// registered redirect URI: the server accepts only its own origin's <see cref="CallbackPath"/> for it, whatever name the
/// server is reached by. Built in: the admin doors neither list, change nor delete it.
/// </summary>
public static class ConsoleClient
{
    public const string ClientId = "identity-console";

    /// <summary>Where the server sends the console's authorization response (on the origin the request came to).</summary>
    public const string CallbackPath = "/console/signin-oidc";

    public static bool IsConsole(string? clientId) => string.Equals(clientId, ClientId, StringComparison.Ordinal);

    /// <summary>Registers the console's client on a database that does not have it yet (at every start; idempotent).</summary>
    public static async Task EnsureRegisteredAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(ClientId, cancellationToken) is null)
        {
            await applications.CreateAsync(Descriptor(), cancellationToken);
        }
    }

    private static OpenIddictApplicationDescriptor Descriptor()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            DisplayName = "Admin Console",
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
            Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        return descriptor;
    }
}
