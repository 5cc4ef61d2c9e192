namespace Identity.Core.Applications;

/// <summary>Logto's application types.</summary>
public enum ApplicationType
{
    /// <summary>A server-rendered web app: confidential, authorization code and refresh token.</summary>
    Traditional,

    /// <summary>A single-page app in the browser: public, authorization code with PKCE and refresh token.</summary>
    SPA,

    /// <summary>A mobile or desktop app: public, authorization code with PKCE and refresh token.</summary>
    Native,

    /// <summary>A backend service: confidential, client credentials only.</summary>
    MachineToMachine,
}

public static class ApplicationTypeExtensions
{
    /// <summary>Confidential apps hold a secret; public ones cannot keep one and must use PKCE.</summary>
    public static bool IsConfidential(this ApplicationType type) =>
        type is ApplicationType.Traditional or ApplicationType.MachineToMachine;

    /// <summary>Apps that send users through the hosted pages (everything but machine-to-machine).</summary>
    public static bool SignsUsersIn(this ApplicationType type) => type is not ApplicationType.MachineToMachine;
}
