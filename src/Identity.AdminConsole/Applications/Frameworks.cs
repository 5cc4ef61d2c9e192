using Identity.Core.Applications;

namespace Identity.AdminConsole.Applications;

/// <summary>A card on Get started: a framework (or "any other") for one application type, with its integration guide.</summary>
/// <param name="Key">The card's key in links (<c>?framework=flask</c>).</param>
/// <param name="Name">The card's title (a console text for the generic cards).</param>
/// <param name="Language">The language or protocol shown under the title.</param>
/// <param name="RedirectExample">A typical redirect URI for this framework, shown as an example on the create form.</param>
/// <param name="Generic">The type's catch-all card: the guide lists the plain OpenID Connect values.</param>
public sealed record Framework(string Key, string Name, string Language, ApplicationType Type, string RedirectExample, bool Generic = false);

/// <summary>The frameworks the console has guides for, by application type, in the order Get started shows them.</summary>
public static class Frameworks
{
    public static readonly IReadOnlyList<Framework> All =
    [
        new("flask", "Flask", "Python", ApplicationType.Traditional, "http://localhost:5000/callback"),
        new("aspnetcore", "ASP.NET Core", "C#", ApplicationType.Traditional, "https://localhost:7001/signin-oidc"),
        new("express", "Express", "Node.js", ApplicationType.Traditional, "http://localhost:3000/logto/sign-in-callback"),
        new("traditional", "Other web app", "OpenID Connect", ApplicationType.Traditional, "https://app.example.com/callback", Generic: true),
        new("react", "React", "JavaScript", ApplicationType.SPA, "http://localhost:3000/callback"),
        new("spa", "Other single-page app", "OpenID Connect", ApplicationType.SPA, "https://app.example.com/callback", Generic: true),
        new("native", "Mobile or desktop app", "OpenID Connect", ApplicationType.Native, "com.example.app://callback", Generic: true),
        new("m2m", "Backend service", "OAuth 2.0", ApplicationType.MachineToMachine, "", Generic: true),
    ];

    /// <summary>The types in the order Logto lists them, with Logto's names and what each is for.</summary>
    public static readonly IReadOnlyList<(ApplicationType Type, string Name, string Description)> Types =
    [
        (ApplicationType.Traditional, "Traditional web", "A web app that renders its pages on the server and can keep a secret."),
        (ApplicationType.SPA, "Single-page app (SPA)", "A web app that runs in the browser; it cannot keep a secret and uses PKCE."),
        (ApplicationType.Native, "Native", "A mobile or desktop app; it cannot keep a secret and uses PKCE."),
        (ApplicationType.MachineToMachine, "Machine-to-machine", "A backend service that calls APIs on its own behalf, with no user."),
    ];

    public static string TypeName(ApplicationType type) => Types.First(t => t.Type == type).Name;

    /// <summary>The type named exactly as the admin services spell it, or null.</summary>
    public static ApplicationType? ParseType(string? name) =>
        Enum.GetNames<ApplicationType>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<ApplicationType>(name!) : null;

    /// <summary>The framework of this key for the type, else the type's generic card.</summary>
    public static Framework For(ApplicationType type, string? key) =>
        All.FirstOrDefault(f => f.Type == type && f.Key == key) ?? All.First(f => f.Type == type && f.Generic);
}
