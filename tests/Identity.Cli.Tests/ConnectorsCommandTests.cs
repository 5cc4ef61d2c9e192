using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>connectors list | add --file | remove</c>.</summary>
public sealed class ConnectorsCommandTests : IDisposable
{
    private const string Secret = "shh-its-a-secret";

    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    private static string Connector(string id, string target, string tokenEndpoint) => $$"""
        {
          "id": "{{id}}", "connectorId": "oauth2", "target": "{{target}}", "name": "Example IdP", "syncProfile": true,
          "config": {
            "authorizationEndpoint": "https://idp.example.com/authorize", "tokenEndpoint": "{{tokenEndpoint}}",
            "userInfoEndpoint": "https://idp.example.com/userinfo", "clientId": "abc", "clientSecret": "{{Secret}}"
          }
        }
        """;

    [Fact]
    public async Task ConnectorsAdd_ThenList_ShowsItWithTheSecretMasked_AndRemoveDeletesIt()
    {
        var file = cli.WriteFile("connector.json", Connector("example", "example-idp", "https://idp.example.com/token"));

        CliProcess.Succeeded(await cli.RunAsync("connectors", "add", "--file", file));
        var table = await cli.RunAsync("connectors", "list");
        var json = await cli.RunAsync("connectors", "list", "--json");

        CliProcess.Succeeded(table);
        Assert.Contains("example-idp", table.Stdout);
        Assert.Contains("https://idp.example.com/token", table.Stdout);
        Assert.DoesNotContain(Secret, table.Stdout + json.Stdout);
        var connector = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray());
        Assert.Equal("example", connector.GetProperty("id").GetString());
        var masked = connector.GetProperty("config").GetProperty("clientSecret").GetString();
        Assert.False(string.IsNullOrEmpty(masked));
        Assert.NotEqual(Secret, masked);

        var removed = await cli.RunAsync("connectors", "remove", "example");

        CliProcess.Succeeded(removed);
        Assert.Contains("Removed connector 'example'", removed.Stdout);
        CliProcess.Failed(await cli.RunAsync("connectors", "remove", "example"), "Connector 'example' does not exist.");
    }

    [Fact]
    public async Task ConnectorsAdd_WithABadConfigOrFile_Exits1NamingTheField()
    {
        var badConfig = cli.WriteFile("bad.json", Connector("example", "example-idp", "not-a-url"));
        var typo = cli.WriteFile("typo.json", """{ "id": "example", "conectorId": "oauth2" }""");

        CliProcess.Failed(await cli.RunAsync("connectors", "add", "--file", badConfig), "error: config.tokenEndpoint: ");
        CliProcess.Failed(await cli.RunAsync("connectors", "add", "--file", typo), "conectorId");
        CliProcess.Failed(await cli.RunAsync("connectors", "add", "--file", Path.Combine(cli.Folder.FullName, "missing.json")), "does not exist");
        Assert.Contains("No connectors.", (await cli.RunAsync("connectors", "list")).Stdout);
    }

    [Fact]
    public async Task ConnectorsAdd_WithShow_PutsItsButtonOnTheRunningServersSignInPage()
    {
        var file = cli.WriteFile("connector.json", Connector("example", "example-idp", "https://idp.example.com/token"));
        var address = FreePort.NewLoopbackUri();
        var start = cli.StartInfo(["--urls", address.AbsoluteUri.TrimEnd('/')]);
        start.Environment["Security__RequireHttps"] = "false";
        using var server = ChildProcess.Start(start, "The server");
        // The server answers once it has migrated the database and started listening.
        await server.WaitUntilAnsweringAsync(new Uri(address, "sign-in"));
        using var http = new HttpClient { BaseAddress = address };
        var before = await http.GetStringAsync("/sign-in");

        var added = await cli.RunAsync("connectors", "add", "--file", file, "--show");
        var after = await http.GetStringAsync("/sign-in");

        CliProcess.Succeeded(added);
        Assert.DoesNotContain("Continue with Example IdP", before);
        Assert.Contains("Continue with Example IdP", after);
    }
}
