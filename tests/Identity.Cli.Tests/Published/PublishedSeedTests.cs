namespace Identity.Cli.Tests.Published;

/// <summary>
/// Issue 13: the tutorial's admin seeds applications, connectors and the sign-in experience with the published
/// executable, on a fresh database. Connector secrets are encrypted with the Data Protection key ring, whose first key
/// the seed used to create inside its own write transaction (SQLite: "database is locked", then a retry that failed on
/// entities its first try left tracked).
/// </summary>
[Collection(SharedPublish.Name)]
public sealed class PublishedSeedTests(PublishedExecutable server)
{
    // Every section of the seed format, and both ways the OAuth2 connector authenticates to a provider.
    private const string EverySection = """
        {
          "applications": [
            { "id": "bookstore", "name": "Bookstore", "type": "Traditional", "secret": "a-long-random-secret-0123",
              "redirectUris": ["http://localhost:3000/callback"], "postLogoutRedirectUris": ["http://localhost:3000/"] },
            { "id": "reports-job", "name": "Reports job", "type": "MachineToMachine", "secret": "another-long-secret-4567", "scopes": ["management"],
              "roles": ["robot"] }
          ],
          "resources": [
            { "indicator": "https://api.bookstore.example", "name": "Bookstore API", "accessTokenTtl": 600,
              "scopes": [ { "name": "read:books", "description": "Read books" }, { "name": "write:books" } ] }
          ],
          "roles": [
            { "name": "reader", "type": "User", "scopes": [ { "resource": "https://api.bookstore.example", "scope": "read:books" } ] },
            { "name": "robot", "type": "MachineToMachine", "scopes": [ { "resource": "https://api.bookstore.example", "scope": "write:books" } ] }
          ],
          "connectors": [
            { "id": "oauth2-acme", "connectorId": "oauth2", "target": "acme", "name": "OAuth2", "syncProfile": true,
              "config": { "authorizationEndpoint": "https://idp.example.com/oauth/authorize", "tokenEndpoint": "https://idp.example.com/oauth/token",
                "userInfoEndpoint": "https://idp.example.com/oauth/userinfo", "clientId": "acme-client", "clientSecret": "acme-secret-123",
                "tokenEndpointAuthMethod": "client_secret_post", "tokenEndpointResponseType": "json", "scope": "profile email",
                "profileMap": { "id": "sub" } } },
            { "id": "oauth2-beta", "connectorId": "oauth2", "target": "beta", "name": "Beta",
              "config": { "authorizationEndpoint": "https://beta.example.com/authorize", "tokenEndpoint": "https://beta.example.com/token",
                "userInfoEndpoint": "https://beta.example.com/userinfo", "clientId": "beta-client", "clientSecret": "beta-secret-123",
                "tokenEndpointAuthMethod": "client_secret_basic" } }
          ],
          "users": [ { "username": "demo", "password": "Demo-Password-1", "name": "Demo", "email": "demo@example.com", "emailVerified": true,
                       "roles": ["reader"] } ],
          "signInExperience": {
            "signUp": { "identifiers": [], "password": false },
            "signInMode": "SignInAndRegister",
            "socialSignInConnectorTargets": ["acme", "beta"],
            "socialSignIn": { "automaticAccountLinking": false },
            "branding": { "appName": "Acme" },
            "color": { "primaryColor": "#4B3BD6", "isDarkModeEnabled": true, "darkPrimaryColor": "#8A7DFF" },
            "colorScheme": "auto",
            "customCss": ".card { border-radius: 12px; }",
            "termsOfUseUrl": "https://acme.example.com/terms",
            "privacyPolicyUrl": "https://acme.example.com/privacy",
            "languageInfo": { "autoDetect": true, "fallbackLanguage": "en" }
          }
        }
        """;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task SeedWithEverySection_OnAFreshDatabase_SucceedsTwice_TheSecondTimeChangingNothing(string provider)
    {
        await using var operatorFolder = await OperatorFolder.CreateAsync(provider);
        var file = operatorFolder.WriteFile("seed.json", EverySection);

        var first = await server.RunAsync(operatorFolder.Path, operatorFolder.Settings, "seed", "--file", file);
        var second = await server.RunAsync(operatorFolder.Path, operatorFolder.Settings, "seed", "--file", file);
        var connectors = await server.RunAsync(operatorFolder.Path, operatorFolder.Settings, "connectors", "list");

        CliProcess.Succeeded(first);
        // Two applications, two connectors, a resource, two roles and a user are new; the sign-in experience exists from
        // the start (the defaults) and is updated.
        Assert.Contains("8 created, 1 updated, 0 unchanged, 0 deleted", first.Stdout);
        CliProcess.Succeeded(second);
        Assert.Contains("0 created, 0 updated, 9 unchanged, 0 deleted", second.Stdout);
        Assert.Contains("No changes", second.Stdout);
        CliProcess.Succeeded(connectors);
        Assert.Contains("oauth2-acme", connectors.Stdout);
        Assert.Contains("oauth2-beta", connectors.Stdout);
        Assert.DoesNotContain("secret-123", connectors.Stdout);
    }
}
