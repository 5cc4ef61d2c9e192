namespace Identity.Admin.Definitions;

/// <summary>An application as an admin defines it, through any door: the seed file, the Management API, the CLI.</summary>
public sealed class ApplicationDefinition
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

    /// <summary>
    /// The indicator of an API resource that this app's users get access tokens for when the app asks for none (a
    /// generic OAuth client that never sends <c>resource</c>); apps that sign users in only. Beyond Logto.
    /// </summary>
    public string? DefaultResource { get; set; }

    /// <summary>Seed file only: the names of the roles held (the whole set); left out, the roles held stay as they are.</summary>
    public List<string>? Roles { get; set; }
}
