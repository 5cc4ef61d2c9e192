using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The hosted sign-up and sign-in pages: what a user sees for good and bad input.</summary>
public sealed class AccountPageTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task SignInPage_HasLabelledInputsButtonAndCreateAccountLink()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        Assert.Equal("Sign in to your account", page.Heading);
        Assert.Equal("Username", page.LabelFor("username"));
        Assert.Equal("Password", page.LabelFor("password"));
        Assert.Equal("Sign in", page.Document.QuerySelector("button[type=submit]")?.TextContent.Trim());
        Assert.Contains(page.Document.QuerySelectorAll("a"), a => a.TextContent.Trim() == "Create account");
    }

    [Fact]
    public async Task RegisterPage_HasLabelledInputsButtonAndSignInLink()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/register");

        Assert.Equal("Username", page.LabelFor("username"));
        Assert.Equal("Password", page.LabelFor("password"));
        Assert.Equal("Confirm password", page.LabelFor("confirm-password"));
        Assert.Equal("Create account", page.Document.QuerySelector("button[type=submit]")?.TextContent.Trim());
        Assert.Contains(page.Document.QuerySelectorAll("a"), a => a.TextContent.Trim() == "Sign in");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_TakenUsername_IsRefusedWhateverTheCase(bool differentCase)
    {
        var existing = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        var page = await AccountPages.RegisterAsync(browser, differentCase ? existing.ToUpperInvariant() : existing, Flows.GoodPassword);

        Assert.Equal("/register", page.Url.AbsolutePath);
        Assert.Equal("This username is already taken.", page.FieldError("username"));
        Assert.Contains("already taken", page.Alert);
    }

    [Theory]
    [InlineData("short", "Use at least 8 characters for your password.")]
    [InlineData("password123", "This password is too common. Choose one that is harder to guess.")]
    [InlineData("Password123", "This password is too common. Choose one that is harder to guess.")]
    public async Task Register_WeakPassword_ShowsTheProblemAndKeepsTheUsername(string password, string message)
    {
        using var browser = server.NewBrowser();
        var username = Flows.NewUsername();

        var page = await AccountPages.RegisterAsync(browser, username, password);

        Assert.Equal(message, page.FieldError("password"));
        Assert.Contains(message, page.Alert);
        Assert.Equal(username, page.InputValue("username"));
        Assert.True(string.IsNullOrEmpty(page.InputValue("password")));
        Assert.Equal("true", page.Document.QuerySelector("#password")?.GetAttribute("aria-invalid"));
        // The hint and the error both describe the field, in reading order.
        Assert.Equal("password-hint password-error", page.Document.QuerySelector("#password")?.GetAttribute("aria-describedby"));
        Assert.NotNull(page.Document.QuerySelector("#password-hint"));
    }

    [Theory]
    [InlineData("1abc", "A username can contain letters, digits and underscores, and must not start with a digit.")]
    [InlineData("bad-name", "A username can contain letters, digits and underscores, and must not start with a digit.")]
    [InlineData("", "Enter a username.")]
    public async Task Register_InvalidUsername_IsRefused(string username, string message)
    {
        using var browser = server.NewBrowser();

        var page = await AccountPages.RegisterAsync(browser, username, Flows.GoodPassword);

        Assert.Equal(message, page.FieldError("username"));
    }

    [Fact]
    public async Task Register_PasswordsThatDoNotMatch_AreRefused()
    {
        using var browser = server.NewBrowser();

        var page = await AccountPages.RegisterAsync(browser, Flows.NewUsername(), Flows.GoodPassword, Flows.GoodPassword + "!");

        Assert.Equal("The passwords do not match.", page.FieldError("confirm-password"));
    }

    [Fact]
    public async Task Register_LongUnicodePassphrase_IsAcceptedAndSignsIn()
    {
        var passphrase = "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich 🥊 " + new string('x', 60);
        var username = await AccountPages.CreateUserAsync(server, passphrase);
        using var browser = server.NewBrowser();

        var page = await AccountPages.SignInAsync(browser, username, passphrase);

        Assert.Equal("/", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_PasswordWithTrailingSpace_IsADifferentPassword()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        var page = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword + " ");

        Assert.Equal("The username or password is incorrect.", page.Alert);
    }

    [Fact]
    public async Task SignIn_WrongPasswordAndUnknownUser_GetTheSameAnswer()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var first = server.NewBrowser();
        using var second = server.NewBrowser();

        var wrongPassword = await AccountPages.SignInAsync(first, username, "not the password at all");
        var unknownUser = await AccountPages.SignInAsync(second, Flows.NewUsername(), "not the password at all");

        Assert.Equal(wrongPassword.Status, unknownUser.Status);
        Assert.Equal("The username or password is incorrect.", wrongPassword.Alert);
        Assert.Equal(wrongPassword.Alert, unknownUser.Alert);
        Assert.True(string.IsNullOrEmpty(wrongPassword.InputValue("password")));
    }

    [Fact]
    public async Task SignIn_LockedAccount_AnswersLikeAWrongPasswordUntilTheLockoutEnds()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await AccountPages.SignInAsync(browser, username, "wrong password " + attempt);
        }

        var whileLocked = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var afterLockout = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        Assert.Equal("The username or password is incorrect.", whileLocked.Alert);
        Assert.Equal("/", afterLockout.Url.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_SuccessfulPost_Redirects302ToTheLocalReturnUrl()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        var page = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword, returnUrl: "/signed-out");

        Assert.Equal(["/sign-in", "/signed-out"], browser.Visited.Select(u => u.AbsolutePath));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task SignIn_ForeignReturnUrl_IsIgnored(string returnUrl)
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        var page = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword, returnUrl);

        Assert.Null(page.LeftServerTo);
        Assert.Equal("/", page.Url.AbsolutePath);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/register")]
    public async Task FormPost_WithoutAntiforgeryToken_IsRefused(string path)
    {
        using var browser = server.NewBrowser();
        await browser.GoAsync(path);

        using var response = await browser.PostRawAsync(new Uri(server.BaseAddress, path), new Dictionary<string, string>
        {
            ["Username"] = Flows.NewUsername(), ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task HostedPages_CarrySecurityHeaders()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        var headers = page.Response!.Headers;
        Assert.Contains("frame-ancestors 'none'", headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("object-src 'none'", headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteLax()
    {
        using var browser = server.NewBrowser();
        var username = Flows.NewUsername();

        await AccountPages.RegisterAsync(browser, username, Flows.GoodPassword);

        var cookie = browser.Cookies.GetCookies(server.BaseAddress).Single(c => c.Name == "identity.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path);
    }

    [Fact]
    public async Task Register_ManyParallelSignUpsForOneName_CreateOneAccountAndNoServerError()
    {
        var username = Flows.NewUsername();
        var browsers = Enumerable.Range(0, 10).Select(_ => server.NewBrowser()).ToList();
        var forms = await Task.WhenAll(browsers.Select(b => b.GoAsync("/register")));

        var results = await Task.WhenAll(browsers.Select((b, i) => b.SubmitAsync(forms[i], new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        })));

        Assert.All(results, r => Assert.NotEqual(HttpStatusCode.InternalServerError, r.Status));
        Assert.Single(results, r => r.Url.AbsolutePath == "/");
        Assert.All(results.Where(r => r.Url.AbsolutePath != "/"), r => Assert.Equal("This username is already taken.", r.FieldError("username")));
        browsers.ForEach(b => b.Dispose());
    }
}
