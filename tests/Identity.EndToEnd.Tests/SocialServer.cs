namespace Identity.EndToEnd.Tests;

/// <summary>
/// The real server with Logto's generic OAuth2 connector ("Continue with OAuth2") pointed at a
/// <see cref="FakeOAuth2Provider"/>, which starts first because the seed file must name its endpoints. The sign-in
/// experience is read from the seed once, at start-up, so each setting of it is a fixture (a server) of its own.
/// </summary>
public abstract class SocialServer : IAsyncLifetime
{
    public const string ConnectorId = "oauth2-acme";
    public const string ConnectorName = "OAuth2";

    protected SocialServer(string[] signUpIdentifiers, bool signUpPassword)
    {
        Provider = FakeOAuth2Provider.Start();
        Server = new ServerProcess(new Dictionary<string, object>
        {
            ["connectors"] = new[]
            {
                new { id = ConnectorId, connectorId = "oauth2", target = "acme", name = ConnectorName, config = Provider.ConnectorConfig() },
            },
            ["signInExperience"] = new
            {
                signUp = new { identifiers = signUpIdentifiers, password = signUpPassword },
                socialSignInConnectorTargets = new[] { "acme" },
            },
        });
    }

    public FakeOAuth2Provider Provider { get; }

    public ServerProcess Server { get; }

    /// <summary>Where the provider must send the person back: the server's callback for this connector.</summary>
    public Uri ConnectorCallbackUri => new(Server.BaseUri, "callback/" + ConnectorId);

    public async Task InitializeAsync()
    {
        try
        {
            await Server.InitializeAsync(); // disposes itself if it fails to start
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed.
            Provider.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        // The server first, so nothing calls the provider while it stops.
        await Server.DisposeAsync();
        Provider.Dispose();
    }
}

/// <summary>Sign-up asks for no identifier (<c>"identifiers": []</c>): a person new to the provider is signed up at once.</summary>
public sealed class SocialServerWithoutSignUpIdentifier() : SocialServer(signUpIdentifiers: [], signUpPassword: false);

/// <summary>Logto's default sign-up (username and password): a person new to the provider must choose a username.</summary>
public sealed class SocialServerWithUsernameSignUp() : SocialServer(signUpIdentifiers: ["username"], signUpPassword: true);
