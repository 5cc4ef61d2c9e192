using Identity.Core.Applications;

namespace Identity.Core.Seeding;

/// <summary>
/// The declarative seed file (JSON, camelCase). Each section is applied idempotently; later issues add
/// connectors, the sign-in experience and users as further sections.
/// </summary>
public sealed class SeedFile
{
    public List<ApplicationSeed>? Applications { get; set; }
}

/// <summary>One application in the seed file.</summary>
public sealed class ApplicationSeed
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>One of <see cref="ApplicationType"/>'s names, as Logto spells them.</summary>
    public string? Type { get; set; }

    public string? Secret { get; set; }

    public List<string>? RedirectUris { get; set; }

    public List<string>? PostLogoutRedirectUris { get; set; }

    /// <summary>Extra scopes the application may request, such as <c>management</c>.</summary>
    public List<string>? Scopes { get; set; }
}
