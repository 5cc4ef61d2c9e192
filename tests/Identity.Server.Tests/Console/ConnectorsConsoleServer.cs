namespace Identity.Server.Tests.Console;

/// <summary>The console's server with a connector and a sign-in experience in its seed file, to see them marked.</summary>
public sealed class ConnectorsConsoleServer : ConsoleServer
{
    public const string SeededConnector = "seeded-sso";

    protected override string SeedJson => $$"""
        {
          "roles": [ { "name": "admin", "description": "Opens the Admin Console." } ],
          "users": [
            { "username": "{{AdminUsername}}", "password": "{{Password}}", "roles": ["admin"] },
            { "username": "{{PlainUsername}}", "password": "{{Password}}" }
          ],
          "connectors": [
            { "id": "{{SeededConnector}}", "connectorId": "oauth2", "target": "seeded-sso", "name": "Seeded SSO",
              "config": { "authorizationEndpoint": "https://sso.example.test/authorize", "tokenEndpoint": "https://sso.example.test/token",
                          "userInfoEndpoint": "https://sso.example.test/userinfo", "clientId": "seeded", "clientSecret": "seeded-secret" } }
          ],
          "signInExperience": { "branding": { "appName": "Identity" } }
        }
        """;
}
