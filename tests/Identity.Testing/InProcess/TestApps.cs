namespace Identity.Testing;

/// <summary>The applications every test server is seeded with, one of each kind an RP can be.</summary>
public static class TestApps
{
    public const string TraditionalId = "bookstore";
    public const string TraditionalSecret = "bookstore-secret-0123456789abcdef";
    public const string TraditionalRedirect = "http://127.0.0.1:3000/callback";
    public const string TraditionalPostLogout = "http://127.0.0.1:3000/";

    public const string SpaId = "spa";
    public const string SpaRedirect = "http://localhost:5173/callback";
    public const string SpaPostLogout = "http://localhost:5173/";

    public const string MachineId = "reporting-job";
    public const string MachineSecret = "reporting-secret-0123456789abcdef";

    public const string SeedJson = $$"""
        {
          "applications": [
            { "id": "{{TraditionalId}}", "name": "Bookstore", "type": "Traditional", "secret": "{{TraditionalSecret}}",
              "redirectUris": ["{{TraditionalRedirect}}"], "postLogoutRedirectUris": ["{{TraditionalPostLogout}}"] },
            { "id": "{{SpaId}}", "name": "Single-page app", "type": "SPA",
              "redirectUris": ["{{SpaRedirect}}"], "postLogoutRedirectUris": ["{{SpaPostLogout}}"] },
            { "id": "{{MachineId}}", "name": "Reporting job", "type": "MachineToMachine", "secret": "{{MachineSecret}}",
              "scopes": ["reports"] }
          ]
        }
        """;
}
