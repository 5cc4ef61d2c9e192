namespace Identity.EndToEnd.Tests;

/// <summary>
/// Everything a person's journey through samples/Bookstore needs, started once for the whole collection: the fake
/// OAuth2 provider, the server (the sample seeded as a Traditional app, "Continue with OAuth2", Logto's default
/// username-and-password sign-up, and a few accounts), then the sample pointed at the server. The sample's port is
/// chosen first, because the seed must name its redirect URIs; the server starts next, because the sample's
/// configuration names the server.
/// </summary>
public sealed class SampleAppFixture : IAsyncLifetime, IDisposable
{
    public const string ClientId = "bookstore";
    public const string ClientSecret = "bookstore-e2e-secret-0123456789";

    /// <summary>The password of every seeded account.</summary>
    public const string Password = "correct horse battery staple 42";

    /// <summary>Seeded accounts, one per journey that needs an existing account to itself (a lockout must not spill over).</summary>
    public static class Accounts
    {
        public const string WrongPassword = "reader_wrong_password";
        public const string Locked = "reader_locked";
        public const string Keyboard = "reader_keyboard";

        /// <summary>Holds the "reader" role: the Bookstore API lets them read the catalogue.</summary>
        public const string BookReader = "reader_books";
    }

    /// <summary>The role the Bookstore API's read:books scope comes with.</summary>
    public const string ReaderRole = "reader";

    private ServerProcess? _server;
    private SampleAppProcess? _sample;
    private BookstoreApiProcess? _api;
    private bool _providerStopped;

    public FakeOAuth2Provider Provider { get; } = FakeOAuth2Provider.Start();

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public SampleAppProcess Sample => _sample ?? throw new InvalidOperationException("The sample app has not started.");

    /// <summary>samples/Bookstore.Api; its address is its resource indicator.</summary>
    public Uri BooksApi { get; } = FreePort.NewLoopbackUri();

    /// <summary>Where the sample's OpenID Connect handler receives the authorization response (its CallbackPath).</summary>
    public static Uri SampleCallback(Uri sampleBaseUri) => new(sampleBaseUri, "callback");

    /// <summary>Where the server sends the browser back after sign-out (the handler's SignedOutCallbackPath).</summary>
    public static Uri SampleSignedOut(Uri sampleBaseUri) => new(sampleBaseUri, "signed-out");

    public async Task InitializeAsync()
    {
        var sampleBaseUri = new Uri($"http://127.0.0.1:{FreePort.Find()}/");
        try
        {
            _server = new ServerProcess(
                new Dictionary<string, object>
                {
                    ["connectors"] = new[]
                    {
                        new
                        {
                            id = SocialServer.ConnectorId, connectorId = "oauth2", target = "acme", name = SocialServer.ConnectorName,
                            config = Provider.ConnectorConfig(),
                        },
                    },
                    ["signInExperience"] = new
                    {
                        signUp = new { identifiers = new[] { "username" }, password = true },
                        socialSignInConnectorTargets = new[] { "acme" },
                    },
                    ["users"] = new[] { Accounts.WrongPassword, Accounts.Locked, Accounts.Keyboard }
                        .Select(username => new { username, password = Password, roles = Array.Empty<string>() })
                        .Append(new { username = Accounts.BookReader, password = Password, roles = new[] { ReaderRole } })
                        .ToArray(),
                    // Logto's "Protect your API": the Bookstore API, and a role that may read it.
                    ["resources"] = new[]
                    {
                        new
                        {
                            indicator = BooksApi.AbsoluteUri, name = "Bookstore API",
                            scopes = new[] { new { name = "read:books" }, new { name = "write:books" } },
                        },
                    },
                    ["roles"] = new[]
                    {
                        new { name = ReaderRole, type = "User", scopes = new[] { new { resource = BooksApi.AbsoluteUri, scope = "read:books" } } },
                    },
                },
                moreApplications:
                [
                    new
                    {
                        id = ClientId,
                        name = "Bookstore",
                        type = "Traditional",
                        secret = ClientSecret,
                        redirectUris = new[] { SampleCallback(sampleBaseUri).AbsoluteUri },
                        postLogoutRedirectUris = new[] { SampleSignedOut(sampleBaseUri).AbsoluteUri },
                    },
                ]);
            await _server.InitializeAsync(); // disposes itself if it fails to start; its output is in the exception
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: do it here so no process or port is left behind.
            Dispose();
            throw;
        }

        try
        {
            _api = await BookstoreApiProcess.StartAsync(_server.Issuer, BooksApi.AbsoluteUri, BooksApi);
            _sample = await SampleAppProcess.StartAsync(sampleBaseUri, _server.Issuer, ClientId, ClientSecret, BooksApi);
            await WalkToSignInPageAsync(_sample.BaseUri, _server.BaseUri);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The sample's own output is in the exception; the server's may say why the sample could not use it.
            var serverOutput = _server.Output;
            Dispose();
            throw new InvalidOperationException($"{e.Message}\nServer output:\n{serverOutput}", e);
        }
    }

    /// <summary>
    /// Follows the sample's "Sign in" without a browser, up to the server's sign-in page: proof that the two are
    /// configured for each other (the sample read the server's metadata, the server knows the sample's redirect URI),
    /// and the first request of each kind is paid for here rather than inside the first journey's timeouts.
    /// </summary>
    private static async Task WalkToSignInPageAsync(Uri sampleBaseUri, Uri serverBaseUri)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var uri = new Uri(sampleBaseUri, "sign-in");
        var walked = new List<string>();
        for (var hop = 0; hop < 5; hop++)
        {
            using var response = await http.GetAsync(uri);
            walked.Add($"{(int)response.StatusCode} {uri}");
            if (response.StatusCode == System.Net.HttpStatusCode.OK && uri.AbsolutePath == "/sign-in"
                && Uri.Compare(uri, serverBaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.Ordinal) == 0)
            {
                return;
            }
            if (response.Headers.Location is not { } location)
            {
                break;
            }
            uri = new Uri(uri, location);
        }
        throw new InvalidOperationException(
            "The sample's \"Sign in\" did not lead to the server's sign-in page:\n  " + string.Join("\n  ", walked));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops the sample, the server and the provider; safe to call more than once.</summary>
    public void Dispose()
    {
        // The sample first (it calls the server and the API), then the API and the server (it calls the provider).
        _sample?.Dispose();
        _api?.Dispose();
        _server?.Dispose();
        if (!_providerStopped)
        {
            _providerStopped = true;
            Provider.Dispose();
        }
    }
}

/// <summary>
/// One server and one sample app for every journey through the sample: the classes in this collection run one after
/// another, so a test may set what the fake provider answers next.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleAppJourneys : ICollectionFixture<SampleAppFixture>, ICollectionFixture<Browser>
{
    public const string Name = "Sample app journeys";
}
