using System.Text.Json;
using System.Text.Json.Serialization;

namespace Identity.Admin.Definitions;

/// <summary>
/// The declarative seed file (JSON, camelCase). Each section is applied idempotently: entries are created, or
/// updated when their definition changed; nothing is deleted.
/// </summary>
public sealed class SeedFile
{
    /// <summary>The JSON Schema editors check the file against (<c>seed.schema.json</c>); not used otherwise.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public List<ApplicationSeed>? Applications { get; set; }

    public List<ConnectorSeed>? Connectors { get; set; }

    public SignInExperienceSeed? SignInExperience { get; set; }

    /// <summary>Users to create, for demos and tests; keyed by username.</summary>
    public List<UserSeed>? Users { get; set; }
}

/// <summary>A user in the seed file (and the shape of a new user in the Management API and CLI).</summary>
public sealed class UserSeed
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public bool? EmailVerified { get; set; }
}

/// <summary>One application in the seed file.</summary>
public sealed class ApplicationSeed
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>One of <see cref="Applications.ApplicationType"/>'s names, as Logto spells them.</summary>
    public string? Type { get; set; }

    public string? Secret { get; set; }

    public List<string>? RedirectUris { get; set; }

    public List<string>? PostLogoutRedirectUris { get; set; }

    /// <summary>Extra scopes the application may request, such as <c>management</c>.</summary>
    public List<string>? Scopes { get; set; }

    /// <summary>Logto's <c>isThirdParty</c>: an app another party runs; users are asked for consent.</summary>
    public bool? IsThirdParty { get; set; }
}

/// <summary>One social connector instance, in Logto's shape: <c>connectorId</c> names the plugin (e.g. <c>oauth2</c>).</summary>
public sealed class ConnectorSeed
{
    public string? Id { get; set; }

    public string? ConnectorId { get; set; }

    public string? Target { get; set; }

    public string? Name { get; set; }

    public string? Logo { get; set; }

    public JsonElement? Config { get; set; }

    public bool? SyncProfile { get; set; }
}

/// <summary>The sign-in experience section; fields left out keep Logto's defaults.</summary>
public sealed class SignInExperienceSeed
{
    public SignUpSeed? SignUp { get; set; }

    public string? SignInMode { get; set; }

    public List<string>? SocialSignInConnectorTargets { get; set; }

    public SocialSignInSeed? SocialSignIn { get; set; }

    /// <summary>Logto's <c>branding</c> (logo URLs) plus <c>appName</c>.</summary>
    public BrandingSeed? Branding { get; set; }

    public ColorSeed? Color { get; set; }

    /// <summary><c>light</c>, <c>dark</c> or <c>auto</c> (follow the browser; the default).</summary>
    public string? ColorScheme { get; set; }

    /// <summary>CSS added after the pages' own; an empty string removes it.</summary>
    public string? CustomCss { get; set; }

    /// <summary>Linked on the sign-up pages; an empty string removes it.</summary>
    public string? TermsOfUseUrl { get; set; }

    /// <summary>Linked on the sign-up pages; an empty string removes it.</summary>
    public string? PrivacyPolicyUrl { get; set; }

    public LanguageInfoSeed? LanguageInfo { get; set; }
}

/// <summary>The name and logos at the top of every hosted page; an empty logo URL removes the logo.</summary>
public sealed class BrandingSeed
{
    public string? AppName { get; set; }

    public string? LogoUrl { get; set; }

    public string? DarkLogoUrl { get; set; }
}

/// <summary>Logto's <c>color</c>: <c>#RRGGBB</c> values for buttons and links.</summary>
public sealed class ColorSeed
{
    public string? PrimaryColor { get; set; }

    public bool? IsDarkModeEnabled { get; set; }

    public string? DarkPrimaryColor { get; set; }
}

/// <summary>Logto's <c>languageInfo</c>.</summary>
public sealed class LanguageInfoSeed
{
    public bool? AutoDetect { get; set; }

    public string? FallbackLanguage { get; set; }
}

public sealed class SignUpSeed
{
    public List<string>? Identifiers { get; set; }

    public bool? Password { get; set; }
}

public sealed class SocialSignInSeed
{
    public bool? AutomaticAccountLinking { get; set; }
}
