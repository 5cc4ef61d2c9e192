namespace Identity.EndToEnd.Tests;

/// <summary>
/// The real server for the console's page checks: an admin (<see cref="Admin"/>, holding the <c>admin</c> role from
/// the seed file) and an OAuth2 connector, so every console page has something to show.
/// </summary>
public sealed class ConsoleServer : IAsyncLifetime
{
    public const string Admin = "console_admin";
    public const string Password = "correct horse battery staple 42";

    public ConsoleServer()
    {
        Provider = FakeOAuth2Provider.Start();
        Server = new ServerProcess(new Dictionary<string, object>
        {
            ["connectors"] = new[]
            {
                new { id = SocialServer.ConnectorId, connectorId = "oauth2", target = "acme", name = SocialServer.ConnectorName, config = Provider.ConnectorConfig() },
            },
            ["roles"] = new[] { new { name = "admin", description = "Opens the Admin Console." } },
            ["users"] = new object[]
            {
                new { username = Admin, password = Password, roles = new[] { "admin" } },
                new { username = "ada", password = Password, name = "Ada Lovelace", email = "ada@example.com" },
            },
        });
    }

    public FakeOAuth2Provider Provider { get; }

    public ServerProcess Server { get; }

    public async Task InitializeAsync()
    {
        try
        {
            await Server.InitializeAsync();
        }
        catch
        {
            Provider.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Provider.Dispose();
    }
}
