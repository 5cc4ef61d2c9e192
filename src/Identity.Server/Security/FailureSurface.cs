namespace Identity.Server.Security;

/// <summary>
/// The groups of endpoints whose failures are counted, each on its own: a machine-to-machine job failing its client
/// authentication behind an office's NAT must not keep the office's people from signing in. Each also answers 429 in
/// its own format. The names are the configuration subsections (<c>Security:FailureRateLimit:SignIn:PermitLimit</c>).
/// </summary>
public enum FailureSurface
{
    /// <summary>People: the hosted sign-in and sign-up pages, and social sign-in callbacks (<c>/callback/{connectorId}</c>).</summary>
    SignIn,

    /// <summary>Clients authenticating at the token, revocation and introspection endpoints.</summary>
    ClientAuthentication,

    /// <summary>Callers of the Management API (<c>/api</c>) without a valid token.</summary>
    ManagementApi,
}
