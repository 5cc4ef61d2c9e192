using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// A person in a real browser, sent by an app to the hosted pages: they create an account or sign in by reading
/// labels and pressing buttons, and the journey ends back at the app with a code that redeems for tokens.
/// </summary>
public sealed class HostedPagesTests : IClassFixture<ServerProcess>, IClassFixture<Browser>, IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple 42";

    private readonly ServerProcess _server;
    private readonly Browser _browser;
    private readonly ITestOutputHelper _output;
    private readonly RelyingParty _app;
    private readonly List<IPage> _pages = [];
    private readonly int _serverOutputStart;

    public HostedPagesTests(ServerProcess server, Browser browser, ITestOutputHelper output)
    {
        _server = server;
        _browser = browser;
        _output = output;
        _app = new RelyingParty(server);
        _serverOutputStart = server.Output.Length;
    }

    [Fact]
    public async Task Registration_WithSignUpInteractionMode_ReturnsToAppWithCodeThatRedeemsForTokens()
    {
        var page = await NewPageAsync();
        var request = _app.BeginAuthorization(interactionMode: "signUp");
        var username = NewUsername();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await Expect(Heading(page, "Create your account")).ToBeVisibleAsync();
        await FillRegistrationAsync(page, username, Passphrase, Passphrase);
        var callback = await ExpectCallbackAsync(page, request);

        var tokens = await _app.RedeemCodeAsync(callback.Code, request.Pkce);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString())); // offline_access was asked for
        var idToken = RelyingParty.ReadJwtPayload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(_server.Issuer, idToken.GetProperty("iss").GetString());
        Assert.Equal(username, idToken.GetProperty("username").GetString()); // the account just created, not another
    }

    [Fact]
    public async Task SignIn_WithAccountCreatedEarlier_ReturnsToAppWithCodeThatRedeemsForTokens()
    {
        var username = await CreateAccountAsync();
        var page = await NewPageAsync(); // a new context: no session left over from creating the account
        var request = _app.BeginAuthorization();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await Expect(Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var callback = await ExpectCallbackAsync(page, request);

        var tokens = await _app.RedeemCodeAsync(callback.Code, request.Pkce);
        var idToken = RelyingParty.ReadJwtPayload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(username, idToken.GetProperty("username").GetString());
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsAlertKeepsUsernameAndClearsPassword()
    {
        var username = await CreateAccountAsync();
        var page = await NewPageAsync();
        var request = _app.BeginAuthorization();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the right passphrase at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The username or password is incorrect.");
        await Expect(Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Username", new() { Exact = true })).ToHaveValueAsync(username);
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        Assert.Null(_server.Callback.FindCallback(request.State)); // the app heard nothing
    }

    [Fact]
    public async Task Registration_WithTooShortPassword_ShowsErrorAtFieldAndInAlertAndKeepsUsername()
    {
        const string tooShort = "Use at least 8 characters for your password.";
        var page = await NewPageAsync();
        var request = _app.BeginAuthorization(interactionMode: "signUp");
        var username = NewUsername();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await FillRegistrationAsync(page, username, "short", "short");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(tooShort);
        await Expect(Heading(page, "Create your account")).ToBeVisibleAsync();
        var password = page.GetByLabel("Password", new() { Exact = true });
        // "Next to the field" as assistive technology reads it: the hint, then the error, describe the field.
        await Expect(password).ToHaveAccessibleDescriptionAsync("At least 8 characters. A long passphrase is best. " + tooShort);
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveValueAsync("");
        await Expect(page.GetByLabel("Username", new() { Exact = true })).ToHaveValueAsync(username);
        Assert.Null(_server.Callback.FindCallback(request.State));
    }

    [Fact]
    public async Task SignInPage_CreateAccountLink_OpensRegistrationThatResumesTheSameRequest()
    {
        var page = await NewPageAsync();
        var request = _app.BeginAuthorization();

        await page.GotoAsync(request.Url.AbsoluteUri);
        await Expect(Heading(page, "Sign in to your account")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create account", Exact = true }).ClickAsync();
        await Expect(Heading(page, "Create your account")).ToBeVisibleAsync();
        await FillRegistrationAsync(page, NewUsername(), Passphrase, Passphrase);

        await ExpectCallbackAsync(page, request);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
        // Shown with a failed test's result, so a server-side cause is visible without rerunning.
        _output.WriteLine("Server output during this test:");
        _output.WriteLine(_server.Output[_serverOutputStart..]);
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await _browser.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    /// <summary>Creates an account through the registration page, in a context of its own, and returns its username.</summary>
    private async Task<string> CreateAccountAsync()
    {
        var page = await NewPageAsync();
        var request = _app.BeginAuthorization(interactionMode: "signUp");
        var username = NewUsername();
        await page.GotoAsync(request.Url.AbsoluteUri);
        await FillRegistrationAsync(page, username, Passphrase, Passphrase);
        await ExpectCallbackAsync(page, request);
        return username;
    }

    private static async Task FillRegistrationAsync(IPage page, string username, string password, string confirmation)
    {
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(confirmation);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
    }

    private Task<(string Code, IReadOnlyDictionary<string, string?> Query)> ExpectCallbackAsync(IPage page, AuthorizationRequest request) =>
        Journey.ExpectCallbackAsync(page, _server, request);

    private static ILocator Heading(IPage page, string name) => Journey.Heading(page, name);

    private static string NewUsername() => Journey.NewUsername();
}
