using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// A person using samples/Bookstore, the tutorial's app, in a real browser: they start at its home page, follow its
/// "Sign up", "Sign in" and "Sign out" links, and use the hosted pages by their labels, roles and keys, in English, in
/// German, on a 320 px wide screen, and with the keyboard alone. Every page they pass is saved as a screenshot
/// (<see cref="Screenshots"/>).
/// </summary>
[Collection(SampleAppJourneys.Name)]
public sealed class SampleAppJourneyTests : IAsyncLifetime
{
    private static readonly PageTexts English = new(
        SignInHeading: "Sign in to your account",
        Username: "Username",
        Password: "Password",
        SignIn: "Sign in",
        RegisterHeading: "Create your account",
        ConfirmPassword: "Confirm password",
        CreateAccount: "Create account",
        ContinueWithOAuth2: "Continue with " + SocialServer.ConnectorName,
        UsernameHeading: "Choose a username",
        Continue: "Continue",
        InvalidCredentials: "The username or password is incorrect.",
        PasswordTooShort: "Use at least 8 characters for your password.");

    // src/Identity.Ui/Resources/SharedResource.de.resx
    private static readonly PageTexts German = new(
        SignInHeading: "Bei Ihrem Konto anmelden",
        Username: "Benutzername",
        Password: "Passwort",
        SignIn: "Anmelden",
        RegisterHeading: "Erstellen Sie Ihr Konto",
        ConfirmPassword: "Passwort bestätigen",
        CreateAccount: "Konto erstellen",
        ContinueWithOAuth2: "Weiter mit " + SocialServer.ConnectorName,
        UsernameHeading: "Benutzernamen wählen",
        Continue: "Weiter",
        InvalidCredentials: "Benutzername oder Passwort ist falsch.",
        PasswordTooShort: "Verwenden Sie mindestens 8 Zeichen für Ihr Passwort.");

    private const string Passphrase = "a long passphrase for the bookstore";

    private readonly SampleAppFixture _fixture;
    private readonly Browser _browser;
    private readonly ITestOutputHelper _output;
    private readonly List<IPage> _pages = [];
    private readonly int _serverOutputStart;
    private readonly int _sampleOutputStart;

    public SampleAppJourneyTests(SampleAppFixture fixture, Browser browser, ITestOutputHelper output)
    {
        _fixture = fixture;
        _browser = browser;
        _output = output;
        _serverOutputStart = fixture.Server.Output.Length;
        _sampleOutputStart = fixture.Sample.Output.Length;
    }

    private Uri SampleHome => _fixture.Sample.BaseUri;

    [Fact]
    public Task SignUp_FromSampleHome_OpensRegisterFirstAndReturnsAuthenticatedWithUsername() => JourneyAsync("sign-up", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        var username = Journey.NewUsername();

        await SignUpAsync(page, username, English, shots);

        await Expect(Heading(page, "Authenticated")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();
    });

    [Fact]
    public Task SignOut_ReturnsToSampleNotAuthenticated_WithoutConfirmationPage() => JourneyAsync("sign-out", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        await SignUpAsync(page, Journey.NewUsername(), English, shots);
        var navigations = RecordNavigations(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true }).ClickAsync();

        await Expect(Heading(page, "Not authenticated")).ToBeVisibleAsync();
        Assert.Equal(SampleHome.AbsoluteUri, page.Url);
        await shots.TakeAsync(page, "sample-signed-out");
        // The sample went to the server's end-session endpoint with proof it is the app, and came straight back.
        var endSession = navigations.FirstOrDefault(uri => IsAt(uri, _fixture.Server.BaseUri, "/oidc/session/end"));
        Assert.True(endSession is not null, $"The sample never sent the browser to the end-session endpoint: {string.Join(" → ", navigations)}");
        Assert.Contains("id_token_hint=", endSession.Query, StringComparison.Ordinal);
        Assert.Contains("post_logout_redirect_uri=" + Uri.EscapeDataString(SampleAppFixture.SampleSignedOut(SampleHome).AbsoluteUri),
            endSession.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(navigations, uri => IsAt(uri, _fixture.Server.BaseUri, "/sign-out")); // no "Sign out?" page
        Assert.Contains(navigations, uri => IsAt(uri, SampleHome, "/signed-out"));
    });

    [Fact]
    public Task SignInAgain_AfterSignOut_WithTheSameAccount_ReturnsAuthenticated() => JourneyAsync("sign-in-again", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        var username = Journey.NewUsername();
        await SignUpAsync(page, username, English, shots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(Heading(page, "Not authenticated")).ToBeVisibleAsync();

        // The server's session ended with the sample's: "Sign in" asks again instead of coming straight back.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);
        await SignInAsync(page, username, Passphrase, English);

        await ExpectSampleAuthenticatedAsync(page, username, shots);
    });

    [Fact]
    public Task Books_AsAReader_TheApiAnswersWithTheCatalogue() => JourneyAsync("books-reader", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);
        await SignInAsync(page, SampleAppFixture.Accounts.BookReader, SampleAppFixture.Password, English);
        await ExpectSampleAuthenticatedAsync(page, SampleAppFixture.Accounts.BookReader, shots);

        // The sample buys a token for the API with its refresh token and calls it: the reader role grants read:books.
        await page.GetByRole(AriaRole.Link, new() { Name = "Books", Exact = true }).ClickAsync();
        await Expect(page.Locator("#api-status")).ToHaveTextAsync("200");
        await Expect(page.Locator("#api-answer")).ToContainTextAsync("A Wizard of Earthsea");
        await shots.TakeAsync(page, "sample-books-reader");

        // Again: the rotated refresh token, kept in the sample's session, buys the next token.
        await page.ReloadAsync();
        await Expect(page.Locator("#api-status")).ToHaveTextAsync("200");
    });

    [Fact]
    public Task Books_WithoutTheReaderRole_TheApiRefusesWith403() => JourneyAsync("books-no-role", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        await SignUpAsync(page, Journey.NewUsername(), English, shots);

        await page.GetByRole(AriaRole.Link, new() { Name = "Books", Exact = true }).ClickAsync();

        await Expect(page.Locator("#api-status")).ToHaveTextAsync("403");
        await shots.TakeAsync(page, "sample-books-forbidden");
    });

    [Fact]
    public Task SignIn_WithWrongPassword_ShowsAlert_ThenRightPasswordSignsIn() => JourneyAsync("wrong-password", async shots =>
    {
        var page = await OpenSampleAsync(shots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);

        await SignInAsync(page, SampleAppFixture.Accounts.WrongPassword, "not the right passphrase", English);
        await ExpectInvalidCredentialsAsync(page, SampleAppFixture.Accounts.WrongPassword, English);
        await shots.TakeAsync(page, "sign-in-wrong-password");

        // Still free to get it right: the username is kept, only the password is typed again.
        await page.GetByLabel(English.Password, new() { Exact = true }).FillAsync(SampleAppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = English.SignIn, Exact = true }).ClickAsync();
        await ExpectSampleAuthenticatedAsync(page, SampleAppFixture.Accounts.WrongPassword, shots);
    });

    [Fact]
    public Task SignIn_AfterFiveWrongPasswords_RightPasswordGetsTheSameAlert() => JourneyAsync("locked-account", async shots =>
    {
        const string username = SampleAppFixture.Accounts.Locked;
        var page = await OpenSampleAsync(shots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignInAsync(page, username, $"wrong passphrase number {attempt}", English);
            await ExpectInvalidCredentialsAsync(page, username, English);
        }
        var wrongPasswordAnswer = await page.Locator("main").InnerTextAsync();
        await shots.TakeAsync(page, "sign-in-fifth-wrong-password");

        // Locked for 5 minutes, and it looks exactly like a wrong password: nothing tells a guesser they were right.
        await SignInAsync(page, username, SampleAppFixture.Password, English);
        await ExpectInvalidCredentialsAsync(page, username, English);
        await shots.TakeAsync(page, "sign-in-locked-right-password");
        AssertOnServer(page, "/sign-in");
        Assert.Equal(wrongPasswordAnswer, await page.Locator("main").InnerTextAsync());
    });

    [Fact]
    public Task ContinueWithOAuth2_NewPerson_ChoosesUsernameAndReturnsAuthenticated() => JourneyAsync("social-oauth2", async shots =>
    {
        var person = new ProviderUser("acme-" + Guid.NewGuid().ToString("N"), "Katherine Johnson");
        _fixture.Provider.User = person;
        var page = await OpenSampleAsync(shots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);

        await page.GetByRole(AriaRole.Button, new() { Name = English.ContinueWithOAuth2, Exact = true }).ClickAsync();
        await ExpectChooseUsernamePageAsync(page, English, shots);
        await page.GetByLabel(English.Username, new() { Exact = true }).FillAsync(Journey.NewUsername());
        await page.GetByRole(AriaRole.Button, new() { Name = English.Continue, Exact = true }).ClickAsync();

        // The sample shows the name the provider gave, which the account took at sign-up.
        await ExpectSampleAuthenticatedAsync(page, person.Name, shots);
    });

    [Fact]
    public Task SignUp_InGerman_EveryStepIsGerman() => JourneyAsync("sign-up-german", async shots =>
    {
        var page = await OpenSampleAsync(shots, new() { Locale = "de-DE" });
        var username = Journey.NewUsername();

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up", Exact = true }).ClickAsync();
        await ExpectRegisterPageAsync(page, German, shots);
        await ExpectNoEnglishAsync(page);
        await FillRegistrationAsync(page, username, "kurz", German);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(German.PasswordTooShort);
        await Expect(Heading(page, German.RegisterHeading)).ToBeVisibleAsync();
        await ExpectNoEnglishAsync(page);
        await shots.TakeAsync(page, "register-password-too-short");
        await FillRegistrationAsync(page, username, Passphrase, German);
        await ExpectSampleAuthenticatedAsync(page, username, shots);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, German, shots);
        await ExpectNoEnglishAsync(page);
        await SignInAsync(page, username, "nicht das richtige Passwort", German);
        await ExpectInvalidCredentialsAsync(page, username, German);
        await ExpectNoEnglishAsync(page);
        await shots.TakeAsync(page, "sign-in-wrong-password");
        await page.GetByLabel(German.Password, new() { Exact = true }).FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = German.SignIn, Exact = true }).ClickAsync();
        await ExpectSampleAuthenticatedAsync(page, username, shots);
    });

    [Fact]
    public Task ContinueWithOAuth2_InGerman_ChooseUsernamePageIsGerman() => JourneyAsync("social-oauth2-german", async shots =>
    {
        var person = new ProviderUser("acme-" + Guid.NewGuid().ToString("N"), "Emmy Noether");
        _fixture.Provider.User = person;
        var page = await OpenSampleAsync(shots, new() { Locale = "de-DE" });
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, German, shots);

        await page.GetByRole(AriaRole.Button, new() { Name = German.ContinueWithOAuth2, Exact = true }).ClickAsync();
        await ExpectChooseUsernamePageAsync(page, German, shots);
        await ExpectNoEnglishAsync(page);
        await page.GetByLabel(German.Username, new() { Exact = true }).FillAsync(Journey.NewUsername());
        await page.GetByRole(AriaRole.Button, new() { Name = German.Continue, Exact = true }).ClickAsync();

        await ExpectSampleAuthenticatedAsync(page, person.Name, shots);
    });

    [Fact]
    public Task SignUp_At320PxWide_WorksWithoutHorizontalScroll() => JourneyAsync("sign-up-320px", async shots =>
    {
        var page = await OpenSampleAsync(shots, new() { ViewportSize = new() { Width = 320, Height = 640 } });
        await ExpectNoHorizontalScrollAsync(page);
        var username = Journey.NewUsername();

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up", Exact = true }).ClickAsync();
        await ExpectRegisterPageAsync(page, English, shots);
        await ExpectNoHorizontalScrollAsync(page);
        // An error makes the form taller and adds an alert: it must still fit.
        await FillRegistrationAsync(page, username, "short", English);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(English.PasswordTooShort);
        await ExpectNoHorizontalScrollAsync(page);
        await shots.TakeAsync(page, "register-password-too-short");
        await FillRegistrationAsync(page, username, Passphrase, English);
        await ExpectSampleAuthenticatedAsync(page, username, shots);
        await ExpectNoHorizontalScrollAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await ExpectSignInPageAsync(page, English, shots);
        await ExpectNoHorizontalScrollAsync(page);
    });

    [Fact]
    public Task SignIn_WithKeyboardOnly_TabTypeEnter_AndFocusIsVisible() => JourneyAsync("keyboard-sign-in", async shots =>
    {
        const string username = SampleAppFixture.Accounts.Keyboard;
        var page = await OpenSampleAsync(shots);
        var keyboard = page.Keyboard;

        // From the sample's home page: Tab to its first link, "Sign in", and follow it with Enter.
        await keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");

        // The sign-in page puts the cursor in the username field; Tab moves on in reading order.
        await Expect(Heading(page, English.SignInHeading)).ToBeVisibleAsync();
        var usernameField = page.GetByLabel(English.Username, new() { Exact = true });
        await Expect(usernameField).ToBeFocusedAsync();
        await ExpectFocusOutlinedAsync(usernameField);
        await keyboard.TypeAsync(username);
        await keyboard.PressAsync("Tab");
        var passwordField = page.GetByLabel(English.Password, new() { Exact = true });
        await Expect(passwordField).ToBeFocusedAsync();
        await ExpectFocusOutlinedAsync(passwordField);
        await keyboard.TypeAsync(SampleAppFixture.Password);
        await keyboard.PressAsync("Tab");
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = English.SignIn, Exact = true });
        await Expect(signIn).ToBeFocusedAsync();
        await ExpectFocusOutlinedAsync(signIn);
        await shots.TakeAsync(page, "sign-in-button-focused");
        await Expect(usernameField).ToHaveValueAsync(username);
        await keyboard.PressAsync("Enter");

        await ExpectSampleAuthenticatedAsync(page, username, shots);
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
        // Shown with the test's result, so a cause in either process is visible without rerunning.
        _output.WriteLine("Server output during this test:");
        _output.WriteLine(OrNone(ServerOutputSinceStart()));
        _output.WriteLine("Sample app output during this test:");
        _output.WriteLine(OrNone(SampleOutputSinceStart()));
    }

    /// <summary>
    /// Runs one journey with its screenshots; a failure is reported with where they are (and one of each page as the
    /// failure left it), and what the server and the sample wrote meanwhile.
    /// </summary>
    private async Task JourneyAsync(string journey, Func<Screenshots, Task> walk)
    {
        var shots = new Screenshots(journey);
        var clock = Stopwatch.StartNew();
        try
        {
            await walk(shots);
            _output.WriteLine($"Journey '{journey}' took {clock.ElapsedMilliseconds} ms; screenshots in {shots.Folder}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await shots.TakeFailureAsync(_pages);
            throw new XunitException(
                $"Journey '{journey}' failed after {clock.ElapsedMilliseconds} ms: {e.Message}\n" +
                $"Screenshots of each step, and of the page as the failure left it: {shots.Folder}\n" +
                $"Pages: {string.Join(", ", _pages.Select(p => p.IsClosed ? "(closed)" : p.Url))}\n" +
                $"Server output during this test:\n{OrNone(ServerOutputSinceStart())}\n" +
                $"Sample app output during this test:\n{OrNone(SampleOutputSinceStart())}",
                e);
        }
    }

    private static string OrNone(string output) => output.Length > 0 ? output : "(none)";

    private string ServerOutputSinceStart() => _fixture.Server.Output[_serverOutputStart..];

    private string SampleOutputSinceStart() => _fixture.Sample.Output[_sampleOutputStart..];

    /// <summary>The sample's home page in a new browser context (no session anywhere), signed out.</summary>
    private async Task<IPage> OpenSampleAsync(Screenshots shots, BrowserNewContextOptions? options = null)
    {
        var page = await _browser.NewPageAsync(options);
        _pages.Add(page);
        await page.GotoAsync(SampleHome.AbsoluteUri);
        await Expect(Heading(page, "Not authenticated")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign up", Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "sample-not-authenticated");
        return page;
    }

    /// <summary>From the sample's home page: "Sign up", the register page first, a new account, and back authenticated.</summary>
    private async Task SignUpAsync(IPage page, string username, PageTexts texts, Screenshots shots)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up", Exact = true }).ClickAsync();
        await ExpectRegisterPageAsync(page, texts, shots);
        await FillRegistrationAsync(page, username, Passphrase, texts);
        await ExpectSampleAuthenticatedAsync(page, username, shots);
    }

    private async Task ExpectRegisterPageAsync(IPage page, PageTexts texts, Screenshots shots)
    {
        await Expect(Heading(page, texts.RegisterHeading)).ToBeVisibleAsync();
        AssertOnServer(page, "/register");
        await ExpectHtmlLangAsync(page, texts);
        await Expect(page.GetByLabel(texts.Username, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel(texts.Password, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel(texts.ConfirmPassword, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.CreateAccount, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.ContinueWithOAuth2, Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "register");
    }

    private async Task ExpectSignInPageAsync(IPage page, PageTexts texts, Screenshots shots)
    {
        await Expect(Heading(page, texts.SignInHeading)).ToBeVisibleAsync();
        AssertOnServer(page, "/sign-in");
        await ExpectHtmlLangAsync(page, texts);
        await Expect(page.GetByLabel(texts.Username, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel(texts.Password, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.SignIn, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = texts.CreateAccount, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.ContinueWithOAuth2, Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "sign-in");
    }

    private async Task ExpectChooseUsernamePageAsync(IPage page, PageTexts texts, Screenshots shots)
    {
        await Expect(Heading(page, texts.UsernameHeading)).ToBeVisibleAsync();
        AssertOnServer(page, "/social/username");
        await ExpectHtmlLangAsync(page, texts);
        await Expect(page.GetByLabel(texts.Username, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = texts.Continue, Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "choose-username");
    }

    /// <summary>Back on the sample's home page, signed in as <paramref name="shownName"/> (its name ?? username ?? sub).</summary>
    private async Task ExpectSampleAuthenticatedAsync(IPage page, string shownName, Screenshots shots)
    {
        await Expect(Heading(page, "Authenticated")).ToBeVisibleAsync();
        Assert.Equal(SampleHome.AbsoluteUri, page.Url);
        await Expect(page.GetByText($"Signed in as {shownName}.", new() { Exact = true })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "sample-authenticated");
    }

    /// <summary>The wrong-password answer: the alert, still the sign-in page, the username kept and the password emptied.</summary>
    private static async Task ExpectInvalidCredentialsAsync(IPage page, string username, PageTexts texts)
    {
        // The password is emptied by the answer, not before: waiting for it waits for the answer to this attempt
        // rather than finding the previous attempt's identical alert.
        await Expect(page.GetByLabel(texts.Password, new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(texts.InvalidCredentials);
        await Expect(Heading(page, texts.SignInHeading)).ToBeVisibleAsync();
        await Expect(page.GetByLabel(texts.Username, new() { Exact = true })).ToHaveValueAsync(username);
    }

    private static async Task FillRegistrationAsync(IPage page, string username, string password, PageTexts texts)
    {
        await page.GetByLabel(texts.Username, new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(texts.Password, new() { Exact = true }).FillAsync(password);
        await page.GetByLabel(texts.ConfirmPassword, new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = texts.CreateAccount, Exact = true }).ClickAsync();
    }

    private static async Task SignInAsync(IPage page, string username, string password, PageTexts texts)
    {
        await page.GetByLabel(texts.Username, new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(texts.Password, new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = texts.SignIn, Exact = true }).ClickAsync();
    }

    private static Task ExpectHtmlLangAsync(IPage page, PageTexts texts) =>
        Expect(page.Locator("html")).ToHaveAttributeAsync("lang", texts == German ? "de" : "en");

    /// <summary>
    /// None of the hosted pages' English texts is left on a page that should be German: the page's own content, from
    /// its heading on (what the layout puts around it, such as the app's name, is branding and not checked here).
    /// </summary>
    private static async Task ExpectNoEnglishAsync(IPage page)
    {
        var text = await page.Locator("main").EvaluateAsync<string>("""
            main => {
                const title = main.querySelector('h1');
                const parts = [];
                let reached = false;
                const walker = document.createTreeWalker(main, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    reached ||= node === title;
                    if (!reached) continue;
                    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent.trim());
                    else for (const name of ['aria-label', 'placeholder', 'title', 'alt']) parts.push(node.getAttribute(name) ?? '');
                }
                return parts.filter(p => p.length > 0).join(' | ');
            }
            """);
        string[] english =
        [
            "Sign in", "Username", "Password", "Create account", "Create your account", "Continue", "Already have an account",
            "No account yet", "Letters, digits", "At least 8 characters", "Choose a username", "You are signing in",
            "Other ways", "incorrect", "Use at least",
        ];
        var found = english.Where(phrase => text.Contains(phrase, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 0, $"English on the German page {new Uri(page.Url).AbsolutePath}: {string.Join(", ", found)}\nPage text: {text}");
    }

    /// <summary>The focused control shows a visible focus indicator: an outline that is drawn, not 'none' or zero-wide.</summary>
    private static async Task ExpectFocusOutlinedAsync(ILocator focused)
    {
        var outline = await focused.EvaluateAsync<string[]>(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
        var (style, width, color) = (outline[0], outline[1], outline[2]);
        Assert.True(style != "none" && width != "0px" && color != "rgba(0, 0, 0, 0)",
            $"The focused element has no visible outline (outline-style {style}, width {width}, color {color}).");
    }

    private static async Task ExpectNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1],
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} px: scrollWidth {widths[0]} > clientWidth {widths[1]}.");
    }

    /// <summary>Every URL the page's browser requested for a document from now on, redirects included, in order.</summary>
    private static List<Uri> RecordNavigations(IPage page)
    {
        var navigations = new List<Uri>();
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Frame == page.MainFrame)
            {
                lock (navigations) navigations.Add(new Uri(request.Url));
            }
        };
        return navigations;
    }

    private void AssertOnServer(IPage page, string path) =>
        Assert.True(IsAt(new Uri(page.Url), _fixture.Server.BaseUri, path), $"Expected the server's {path}, but the browser is at {page.Url}");

    private static bool IsAt(Uri uri, Uri origin, string path) =>
        Uri.Compare(uri, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        && uri.AbsolutePath == path;

    private static ILocator Heading(IPage page, string name) => Journey.Heading(page, name);

    /// <summary>What the hosted pages say, in one language.</summary>
    private sealed record PageTexts(
        string SignInHeading,
        string Username,
        string Password,
        string SignIn,
        string RegisterHeading,
        string ConfirmPassword,
        string CreateAccount,
        string ContinueWithOAuth2,
        string UsernameHeading,
        string Continue,
        string InvalidCredentials,
        string PasswordTooShort);
}
