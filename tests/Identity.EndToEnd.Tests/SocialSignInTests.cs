using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// A person in a real browser, sent by an app to the hosted pages, presses "Continue with OAuth2", approves (or not)
/// at the provider, and comes back: to the app with a code, or to the sign-in page with the reason.
/// </summary>
public abstract class SocialJourneyTests : IAsyncLifetime
{
    protected const string ContinueWithOAuth2 = "Continue with " + SocialServer.ConnectorName;

    private readonly Browser _browser;
    private readonly ITestOutputHelper _output;
    private readonly List<IPage> _pages = [];
    private readonly int _serverOutputStart;
    private readonly int _providerRequestsStart;

    protected SocialJourneyTests(SocialServer social, Browser browser, ITestOutputHelper output)
    {
        Social = social;
        _browser = browser;
        _output = output;
        App = new RelyingParty(social.Server);
        // The provider is shared by the class's tests, which run one at a time: each starts from an approving provider.
        Provider.DenyAuthorization = false;
        _serverOutputStart = Server.Output.Length;
        _providerRequestsStart = Provider.Requests.Count;
    }

    protected SocialServer Social { get; }

    protected ServerProcess Server => Social.Server;

    protected FakeOAuth2Provider Provider => Social.Provider;

    protected RelyingParty App { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
        // Shown with a failed test's result, so a server-side or provider-side cause is visible without rerunning.
        _output.WriteLine("Provider requests during this test:");
        foreach (var request in ProviderRequests())
        {
            _output.WriteLine($"  {request.Method} {request.Path} {string.Join('&', request.Parameters.Select(p => $"{p.Key}={p.Value}"))}");
        }
        _output.WriteLine("Server output during this test:");
        _output.WriteLine(Server.Output[_serverOutputStart..]);
    }

    /// <summary>A page in a new browser context: no session, as for someone arriving for the first time.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var page = await _browser.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    /// <summary>What the provider received since this test began, optionally only at <paramref name="path"/>.</summary>
    protected IReadOnlyList<ProviderRequest> ProviderRequests(string? path = null) =>
        [.. Provider.Requests.Skip(_providerRequestsStart).Where(r => path is null || r.Path == path)];

    /// <summary>A person the provider has never sent here before.</summary>
    protected static ProviderUser NewProviderUser(string name) =>
        new("acme-" + Guid.NewGuid().ToString("N"), name, $"https://img.example/{Guid.NewGuid():N}.png");

    protected static ILocator ContinueWithOAuth2Button(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = ContinueWithOAuth2, Exact = true });

    /// <summary>Opens the app's sign-in in a fresh context and presses "Continue with OAuth2"; the provider answers at once.</summary>
    protected async Task<(IPage Page, AuthorizationRequest Request)> ContinueWithOAuth2Async()
    {
        var page = await NewPageAsync();
        var request = App.BeginAuthorization();
        await page.GotoAsync(request.Url.AbsoluteUri);
        await Expect(Journey.Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        await ContinueWithOAuth2Button(page).ClickAsync();
        return (page, request);
    }

    /// <summary>Redeems the code the app received (with its PKCE verifier) and returns the ID token's claims.</summary>
    protected async Task<System.Text.Json.JsonElement> RedeemForIdTokenAsync(string code, AuthorizationRequest request)
    {
        var tokens = await App.RedeemCodeAsync(code, request.Pkce);
        var idToken = RelyingParty.ReadJwtPayload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(Server.Issuer, idToken.GetProperty("iss").GetString());
        return idToken;
    }
}

/// <summary>Social sign-in when sign-up asks for no identifier: the provider's word is enough to create the account.</summary>
public sealed class SocialSignInTests(SocialServerWithoutSignUpIdentifier social, Browser browser, ITestOutputHelper output)
    : SocialJourneyTests(social, browser, output), IClassFixture<SocialServerWithoutSignUpIdentifier>, IClassFixture<Browser>
{
    [Fact]
    public async Task ContinueWithOAuth2_FirstSignIn_CreatesAccountAndReturnsToAppWithCode()
    {
        var person = NewProviderUser("Ada Lovelace");
        Provider.User = person;
        var page = await NewPageAsync();
        var request = App.BeginAuthorization();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await Expect(Journey.Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        await Expect(ContinueWithOAuth2Button(page)).ToBeVisibleAsync();
        await ContinueWithOAuth2Button(page).ClickAsync();
        var callback = await Journey.ExpectCallbackAsync(page, Server, request);

        // The browser went to the provider as Logto's OAuth2 connector sends it, and the server redeemed what came back.
        var authorize = Assert.Single(ProviderRequests("/authorize"));
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(FakeOAuth2Provider.ClientId, authorize["client_id"]);
        Assert.Equal(FakeOAuth2Provider.Scope, authorize["scope"]);
        Assert.Equal(Social.ConnectorCallbackUri.AbsoluteUri, authorize["redirect_uri"]);
        Assert.False(string.IsNullOrEmpty(authorize["state"]), "The server sent the provider no state.");
        Assert.NotEqual(request.State, authorize["state"]); // its own, not the app's
        Assert.Single(ProviderRequests("/token"));
        Assert.Single(ProviderRequests("/userinfo"));

        var idToken = await RedeemForIdTokenAsync(callback.Code, request);
        Assert.Equal(person.Name, idToken.GetProperty("name").GetString());
        Assert.Equal(person.Picture, idToken.GetProperty("picture").GetString());
    }

    [Fact]
    public async Task ContinueWithOAuth2_SecondSignIn_SameUser()
    {
        async Task<string?> SignInAsync(ProviderUser person)
        {
            Provider.User = person;
            var (page, request) = await ContinueWithOAuth2Async(); // a new context each time: no session carries over
            var callback = await Journey.ExpectCallbackAsync(page, Server, request);
            return (await RedeemForIdTokenAsync(callback.Code, request)).GetProperty("sub").GetString();
        }

        var person = NewProviderUser("Grace Hopper");
        var first = await SignInAsync(person);
        var second = await SignInAsync(person);
        var someoneElse = await SignInAsync(NewProviderUser("Katherine Johnson"));

        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, second);
        Assert.NotEqual(first, someoneElse); // the account is the provider's person, not any social user
    }

    [Fact]
    public async Task ContinueWithOAuth2_ProviderDenied_ShowsCancelledOnSignInPage()
    {
        Provider.DenyAuthorization = true;

        var (page, request) = await ContinueWithOAuth2Async();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in with OAuth2 was cancelled.");
        await Expect(Journey.Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);
        await Expect(ContinueWithOAuth2Button(page)).ToBeVisibleAsync(); // free to try again
        Assert.Single(ProviderRequests("/authorize")); // the person did get to the provider
        Assert.Empty(ProviderRequests("/token")); // and no code was asked for after the refusal
        Assert.Null(Server.Callback.FindCallback(request.State)); // the app heard nothing
    }
}

/// <summary>Social sign-in with Logto's default sign-up, which needs a username the provider does not give.</summary>
public sealed class SocialSignUpWithUsernameTests(SocialServerWithUsernameSignUp social, Browser browser, ITestOutputHelper output)
    : SocialJourneyTests(social, browser, output), IClassFixture<SocialServerWithUsernameSignUp>, IClassFixture<Browser>
{
    [Fact]
    public async Task ContinueWithOAuth2_WithUsernameSignUp_AsksForAUsernameThenReturnsToApp()
    {
        var person = NewProviderUser("Katherine Johnson");
        Provider.User = person;
        var username = Journey.NewUsername();

        var (page, request) = await ContinueWithOAuth2Async();
        await Expect(Journey.Heading(page, "Choose a username")).ToBeVisibleAsync();
        Assert.Null(Server.Callback.FindCallback(request.State)); // not back at the app without one
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        var callback = await Journey.ExpectCallbackAsync(page, Server, request);

        var idToken = await RedeemForIdTokenAsync(callback.Code, request);
        Assert.Equal(username, idToken.GetProperty("username").GetString());
        Assert.Equal(person.Name, idToken.GetProperty("name").GetString());
    }
}
