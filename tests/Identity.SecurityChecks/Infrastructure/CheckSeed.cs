namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// The applications and users every check server starts with: one of each client kind the checks need. Redirect URIs
/// on example hosts are never followed (the browser stops where a redirect leaves the server), only read.
/// </summary>
public static class CheckSeed
{
    /// <summary>A confidential web app with two redirect URIs (one with a query), no PKCE: the conformance suite's client.</summary>
    public const string WebId = "conformance-rp";
    public const string WebSecret = "conformance-secret-0123456789abcdef";
    public const string WebRedirect = "https://rp.example.com/callback";
    public const string WebRedirectWithQuery = "https://rp.example.com/callback?tenant=a";
    public const string WebPostLogout = "https://rp.example.com/signed-out";

    /// <summary>A second confidential web app with one redirect URI, to try one client's code or token at another.</summary>
    public const string OtherWebId = "other-rp";
    public const string OtherWebSecret = "other-secret-0123456789abcdef0123";
    public const string OtherWebRedirect = "https://other.example.com/callback";

    /// <summary>A public SPA: PKCE required.</summary>
    public const string SpaId = "spa";
    public const string SpaRedirect = "https://spa.example.com/callback";
    public const string SpaOrigin = "https://spa.example.com";

    /// <summary>A native app with a port-less loopback redirect URI (RFC 8252: any port matches).</summary>
    public const string NativeId = "native";
    public const string NativeRedirect = "http://127.0.0.1/callback";

    /// <summary>An app run by another party: users are asked for consent.</summary>
    public const string ThirdPartyId = "partner";
    public const string ThirdPartySecret = "partner-secret-0123456789abcdef0123";
    public const string ThirdPartyRedirect = "https://partner.example.com/callback";

    /// <summary>A machine-to-machine app allowed to call the Management API.</summary>
    public const string ManagementId = "checks-admin";
    public const string ManagementSecret = "checks-admin-secret-0123456789abcdef";

    /// <summary>A confidential web app with a port-less loopback redirect URI: unlike a native app, its port must match exactly.</summary>
    public const string LoopbackWebId = "loopback-web";
    public const string LoopbackWebSecret = "loopback-secret-0123456789abcdef0";
    public const string LoopbackWebRedirect = "http://127.0.0.1/callback";

    /// <summary>Users with a password, made by the seed.</summary>
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Password = "correct horse battery staple 42";

    /// <summary>A user whose password the session checks change (so alice and bob keep theirs).</summary>
    public const string Carol = "carol";

    public const string Json = $$"""
        {
          "applications": [
            { "id": "{{WebId}}", "name": "Conformance RP", "type": "Traditional", "secret": "{{WebSecret}}",
              "redirectUris": ["{{WebRedirect}}", "{{WebRedirectWithQuery}}"], "postLogoutRedirectUris": ["{{WebPostLogout}}"] },
            { "id": "{{OtherWebId}}", "name": "Other RP", "type": "Traditional", "secret": "{{OtherWebSecret}}",
              "redirectUris": ["{{OtherWebRedirect}}"] },
            { "id": "{{SpaId}}", "name": "SPA", "type": "SPA", "redirectUris": ["{{SpaRedirect}}"] },
            { "id": "{{NativeId}}", "name": "Native", "type": "Native", "redirectUris": ["{{NativeRedirect}}"] },
            { "id": "{{ThirdPartyId}}", "name": "Partner", "type": "Traditional", "secret": "{{ThirdPartySecret}}",
              "redirectUris": ["{{ThirdPartyRedirect}}"], "isThirdParty": true },
            { "id": "{{ManagementId}}", "name": "Checks admin", "type": "MachineToMachine", "secret": "{{ManagementSecret}}", "scopes": ["management"] },
            { "id": "{{LoopbackWebId}}", "name": "Loopback web app", "type": "Traditional", "secret": "{{LoopbackWebSecret}}",
              "redirectUris": ["{{LoopbackWebRedirect}}"] }
          ],
          "users": [
            { "username": "{{Alice}}", "password": "{{Password}}", "name": "Alice", "email": "alice@example.com", "emailVerified": true },
            { "username": "{{Bob}}", "password": "{{Password}}", "name": "Bob" },
            { "username": "{{Carol}}", "password": "{{Password}}", "name": "Carol" }
          ]
        }
        """;
}
