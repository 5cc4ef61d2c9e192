using System.Text.Json;
using Identity.Core.Applications;
using Identity.Admin.Definitions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Admin.Seeding;

/// <summary>
/// The one place that turns a Logto application type into OpenIddict's client settings: who is confidential,
/// which grants and endpoints each type may use, and who must use PKCE.
/// </summary>
public static class ApplicationDescriptors
{
    /// <summary>The descriptor property holding the Logto application type the admin chose.</summary>
    public const string TypeProperty = "logtoType";

    /// <summary>The descriptor property holding the application's default API resource (an indicator), if any.</summary>
    public const string DefaultResourceProperty = "defaultResource";

    public static OpenIddictApplicationDescriptor Create(ApplicationDefinition seed)
    {
        var type = Enum.Parse<ApplicationType>(seed.Type!);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = seed.Id,
            DisplayName = seed.Name,
            ClientSecret = type.IsConfidential() ? seed.Secret : null,
            ClientType = type.IsConfidential() ? ClientTypes.Confidential : ClientTypes.Public,
            // Native apps may use any loopback port (RFC 8252); everything else must match exactly.
            ApplicationType = type == ApplicationType.Native ? ApplicationTypes.Native : ApplicationTypes.Web,
            // First-party apps are consented on the user's behalf (also under prompt=consent, which Logto's SDKs always
            // send); a third-party app asks the user.
            ConsentType = seed.IsThirdParty == true ? ConsentTypes.Explicit : ConsentTypes.Implicit,
        };
        descriptor.Properties[TypeProperty] = JsonSerializer.SerializeToElement(type.ToString());
        if (!string.IsNullOrEmpty(seed.DefaultResource))
        {
            descriptor.Properties[DefaultResourceProperty] = JsonSerializer.SerializeToElement(seed.DefaultResource);
        }

        foreach (var uri in seed.RedirectUris ?? [])
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        foreach (var uri in seed.PostLogoutRedirectUris ?? [])
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (type.IsConfidential())
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        if (type.SignsUsersIn())
        {
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            ]);
            descriptor.Permissions.UnionWith(UserScopes.All
                .Where(scope => scope is not (Scopes.OpenId or Scopes.OfflineAccess))
                .Select(scope => Permissions.Prefixes.Scope + scope));
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        foreach (var scope in seed.Scopes ?? [])
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        // Public clients cannot keep a secret, so a stolen code must be useless without the verifier.
        if (!type.IsConfidential())
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        return descriptor;
    }

    /// <summary>True when two descriptors define the same application (the secret is compared separately).</summary>
    public static bool SameDefinition(OpenIddictApplicationDescriptor left, OpenIddictApplicationDescriptor right) =>
        left.ClientId == right.ClientId &&
        left.DisplayName == right.DisplayName &&
        left.ClientType == right.ClientType &&
        left.ApplicationType == right.ApplicationType &&
        left.ConsentType == right.ConsentType &&
        left.RedirectUris.SetEquals(right.RedirectUris) &&
        left.PostLogoutRedirectUris.SetEquals(right.PostLogoutRedirectUris) &&
        left.Permissions.SetEquals(right.Permissions) &&
        left.Requirements.SetEquals(right.Requirements) &&
        TypeOf(left) == TypeOf(right) &&
        DefaultResourceOf(left.Properties) == DefaultResourceOf(right.Properties);

    /// <summary>The Logto type of a stored application.</summary>
    public static ApplicationType? TypeOf(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.Properties.TryGetValue(TypeProperty, out var value) && value.ValueKind == JsonValueKind.String &&
        Enum.TryParse<ApplicationType>(value.GetString(), out var type) ? type : null;

    /// <summary>The application's default API resource (its indicator), or null.</summary>
    public static string? DefaultResourceOf(IReadOnlyDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(DefaultResourceProperty, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The extra scopes granted to the application (beyond the standard user scopes every user-facing app has).</summary>
    public static IReadOnlyList<string> ExtraScopes(OpenIddictApplicationDescriptor descriptor) =>
        [.. descriptor.Permissions
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .Where(scope => !UserScopes.All.Contains(scope))
            .Order(StringComparer.Ordinal)];
}
