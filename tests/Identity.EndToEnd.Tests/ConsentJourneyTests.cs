using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// The real server with one more app seeded: "Partner app", a third-party SPA (Logto's <c>isThirdParty</c>) whose
/// callback listener starts first, because the seed file must name its redirect URI.
/// </summary>
public sealed class ConsentServer : IAsyncLifetime
{
    public const string ClientId = "partner";
    public const string Name = "Partner app";

    public ConsentServer()
    {
        PartnerCallback = CallbackListener.Start();
        Server = new ServerProcess(
            new Dictionary<string, object>(),
            moreApplications:
            [
                new
                {
                    id = ClientId,
                    name = Name,
                    type = "SPA",
                    isThirdParty = true,
                    redirectUris = new[] { PartnerCallback.CallbackUri.AbsoluteUri },
                },
            ]);
    }

    public ServerProcess Server { get; }

    /// <summary>The partner app's redirect_uri.</summary>
    public CallbackListener PartnerCallback { get; }

    public async Task InitializeAsync()
    {
        try
        {
            await Server.InitializeAsync(); // disposes itself if it fails to start
        }
        catch
        {
            PartnerCallback.Dispose(); // xunit does not dispose a fixture whose start failed
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        PartnerCallback.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// A person sent by a third-party app: after creating an account they are asked whether the app may access it, and
/// their answer (Allow or Deny) is what the app hears back.
/// </summary>
public sealed class ConsentJourneyTests : IClassFixture<ConsentServer>, IClassFixture<Browser>, IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple 42";

    private static readonly ConsentTexts English = new(
        "Create your account", "Username", "Password", "Confirm password", "Create account",
        "Allow Partner app to access your account?", "See your name, username and picture", "Allow", "Deny");

    private static readonly ConsentTexts German = new(
        "Erstellen Sie Ihr Konto", "Benutzername", "Passwort", "Passwort bestätigen", "Konto erstellen",
        "Partner app den Zugriff auf Ihr Konto erlauben?", "Ihren Namen, Benutzernamen und Ihr Bild sehen", "Erlauben", "Ablehnen");

    private readonly ConsentServer _fixture;
    private readonly Browser _browser;
    private readonly ITestOutputHelper _output;
    private readonly RelyingParty _partner;
    private readonly List<IPage> _pages = [];
    private readonly int _serverOutputStart;

    public ConsentJourneyTests(ConsentServer fixture, Browser browser, ITestOutputHelper output)
    {
        _fixture = fixture;
        _browser = browser;
        _output = output;
        _partner = new RelyingParty(fixture.Server, ConsentServer.ClientId, fixture.PartnerCallback, "openid profile");
        _serverOutputStart = fixture.Server.Output.Length;
    }

    [Fact]
    public Task ThirdPartyApp_ConsentPage_AllowReturnsToTheAppWithACode() =>
        JourneyAsync("consent-allow", async shots =>
        {
            var page = await NewPageAsync();
            var request = _partner.BeginAuthorization();
            var username = Journey.NewUsername();

            await page.GotoAsync(request.Url.AbsoluteUri);
            await Expect(Journey.Heading(page, "Sign in to your account")).ToBeVisibleAsync();
            await shots.TakeAsync(page, "sign-in");
            await page.GetByRole(AriaRole.Link, new() { Name = "Create account", Exact = true }).ClickAsync();
            await RegisterAsync(page, username, English, shots);
            await ExpectConsentPageAsync(page, English, shots);
            Assert.Null(_fixture.PartnerCallback.FindCallback(request.State)); // nothing reaches the app before the answer

            await page.GetByRole(AriaRole.Button, new() { Name = English.Allow, Exact = true }).ClickAsync();
            var query = await ExpectCallbackAsync(page, request, shots);

            Assert.False(query.ContainsKey("error"), $"The app received an error: {page.Url}");
            Assert.Equal(_fixture.Server.Issuer, query.GetValueOrDefault("iss"));
            var code = query.GetValueOrDefault("code");
            Assert.False(string.IsNullOrEmpty(code), $"The callback carried no code: {page.Url}");
            var tokens = await _partner.RedeemCodeAsync(code, request.Pkce);
            Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
            Assert.False(string.IsNullOrEmpty(tokens.GetProperty("access_token").GetString()));
            var idToken = RelyingParty.ReadJwtPayload(tokens.GetProperty("id_token").GetString()!);
            Assert.Equal(_fixture.Server.Issuer, idToken.GetProperty("iss").GetString());
            Assert.Equal(ConsentServer.ClientId, idToken.GetProperty("aud").ValueKind == System.Text.Json.JsonValueKind.Array
                ? idToken.GetProperty("aud")[0].GetString()
                : idToken.GetProperty("aud").GetString());
            Assert.Equal(username, idToken.GetProperty("username").GetString()); // profile was consented to
        });

    [Fact]
    public Task ThirdPartyApp_ConsentPage_DenyReturnsAccessDenied() =>
        JourneyAsync("consent-deny", async shots =>
        {
            var page = await NewPageAsync();
            var request = _partner.BeginAuthorization(interactionMode: "signUp");

            await page.GotoAsync(request.Url.AbsoluteUri);
            await RegisterAsync(page, Journey.NewUsername(), English, shots);
            await ExpectConsentPageAsync(page, English, shots);

            await page.GetByRole(AriaRole.Button, new() { Name = English.Deny, Exact = true }).ClickAsync();
            var query = await ExpectCallbackAsync(page, request, shots);

            Assert.Equal("access_denied", query.GetValueOrDefault("error"));
            Assert.False(query.ContainsKey("code"), $"A denied app received a code: {page.Url}");
            Assert.Equal(_fixture.Server.Issuer, query.GetValueOrDefault("iss"));
        });

    [Fact]
    public Task ThirdPartyApp_ConsentPage_InGerman() =>
        JourneyAsync("consent-de", async shots =>
        {
            var page = await NewPageAsync(new() { Locale = "de-DE" });
            var request = _partner.BeginAuthorization(interactionMode: "signUp");

            await page.GotoAsync(request.Url.AbsoluteUri);
            await RegisterAsync(page, Journey.NewUsername(), German, shots);
            await ExpectConsentPageAsync(page, German, shots);
            // Only the German words: no English button left behind.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = English.Allow, Exact = true })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = English.Deny, Exact = true })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = German.Allow, Exact = true }).ClickAsync();
            var query = await ExpectCallbackAsync(page, request, shots);
            Assert.False(string.IsNullOrEmpty(query.GetValueOrDefault("code")), $"The callback carried no code: {page.Url}");
        });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
        _output.WriteLine("Server output during this test:");
        _output.WriteLine(ServerOutputSinceStart());
    }

    private async Task JourneyAsync(string journey, Func<Screenshots, Task> walk)
    {
        var shots = new Screenshots(journey);
        try
        {
            await walk(shots);
            _output.WriteLine($"Screenshots in {shots.Folder}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await shots.TakeFailureAsync(_pages);
            throw new XunitException(
                $"Journey '{journey}' failed: {e.Message}\n" +
                $"Screenshots: {shots.Folder}\n" +
                $"Pages: {string.Join(", ", _pages.Select(p => p.IsClosed ? "(closed)" : p.Url))}\n" +
                $"Server output during this test:\n{ServerOutputSinceStart()}",
                e);
        }
    }

    private string ServerOutputSinceStart() => _fixture.Server.Output[_serverOutputStart..];

    private async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var page = await _browser.NewPageAsync(options);
        _pages.Add(page);
        return page;
    }

    private static async Task RegisterAsync(IPage page, string username, ConsentTexts texts, Screenshots shots)
    {
        await Expect(Journey.Heading(page, texts.RegisterHeading)).ToBeVisibleAsync();
        await page.GetByLabel(texts.Username, new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(texts.Password, new() { Exact = true }).FillAsync(Passphrase);
        await page.GetByLabel(texts.ConfirmPassword, new() { Exact = true }).FillAsync(Passphrase);
        await shots.TakeAsync(page, "register");
        await page.GetByRole(AriaRole.Button, new() { Name = texts.CreateAccount, Exact = true }).ClickAsync();
    }

    private static async Task ExpectConsentPageAsync(IPage page, ConsentTexts texts, Screenshots shots)
    {
        await Expect(Journey.Heading(page, texts.ConsentHeading)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List).GetByRole(AriaRole.Listitem).Filter(new() { HasText = texts.ProfileScope }))
            .ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.Allow, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.Deny, Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "consent");
    }

    /// <summary>Waits for the partner app's callback page, and returns what the app received with its state.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> ExpectCallbackAsync(
        IPage page, AuthorizationRequest request, Screenshots shots)
    {
        await Expect(Journey.Heading(page, "Callback received")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "callback");
        Assert.StartsWith(_fixture.PartnerCallback.CallbackUri.AbsoluteUri + "?", page.Url, StringComparison.Ordinal);
        var query = _fixture.PartnerCallback.FindCallback(request.State);
        Assert.True(query is not null, $"The app received no callback with its state; the browser is at {page.Url}");
        return query;
    }

    private sealed record ConsentTexts(
        string RegisterHeading, string Username, string Password, string ConfirmPassword, string CreateAccount,
        string ConsentHeading, string ProfileScope, string Allow, string Deny);
}
