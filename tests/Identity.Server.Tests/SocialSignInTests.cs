using System.Net;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// A server seeded with Logto's OAuth2 connector pointed at a fake provider, as in the example; a subclass may
/// add settings (the failure limit tests do).
/// </summary>
public class SocialServerFactory : IdentityServerFactory
{
    public const string AcmeConnector = "oauth2-acme";
    public const string GitHubConnector = "oauth2-github";

    /// <summary>The same provider as <see cref="AcmeConnector"/>, configured with its issuer (RFC 9207) and PKCE; off the sign-in page by default.</summary>
    public const string StrictConnector = "oauth2-strict";

    public FakeUpstream Upstream { get; } = FakeUpstream.StartAsync().GetAwaiter().GetResult();

    public FakeUpstream GitHub { get; } = FakeUpstream.StartAsync().GetAwaiter().GetResult();

    protected override IEnumerable<Uri> FollowedHosts => [Upstream.BaseAddress, GitHub.BaseAddress];

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{TestApps.SpaId}}", "name": "Single-page app", "type": "SPA",
              "redirectUris": ["{{TestApps.SpaRedirect}}"], "postLogoutRedirectUris": ["{{TestApps.SpaPostLogout}}"] }
          ],
          "connectors": [
            { "id": "{{AcmeConnector}}", "connectorId": "oauth2", "target": "acme", "name": "OAuth2", "config": {{Upstream.ConnectorConfig()}} },
            { "id": "{{GitHubConnector}}", "connectorId": "oauth2", "target": "github", "name": "GitHub",
              "config": {{GitHub.ConnectorConfig("query-string", """{ "id": "id", "name": "login", "avatar": "avatar_url" }""")}} },
            { "id": "{{StrictConnector}}", "connectorId": "oauth2", "target": "strict", "name": "Strict",
              "config": {{Upstream.ConnectorConfig(issuer: Upstream.Issuer, usePkce: true)}} }
          ],
          "signInExperience": {
            "signUp": { "identifiers": [], "password": false },
            "socialSignInConnectorTargets": ["acme", "github"]
          }
        }
        """;

    public async Task SetSignInExperienceAsync(SignInExperienceSettings settings)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SignInExperienceStore>().SaveAsync(settings);
    }

    public async Task<int> CountUsersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Identity.Data.IdentityDataContext>().Users.CountAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        await GitHub.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>"Continue with OAuth2": the whole social journey against a real (fake) provider over HTTP.</summary>
public sealed partial class SocialSignInTests(SocialServerFactory server) : IClassFixture<SocialServerFactory>, IAsyncLifetime
{
    private static readonly SignInExperienceSettings SocialOnly =
        new(SignInMode.SignInAndRegister, [], SignUpPassword: false, ["acme", "github"], AutomaticAccountLinking: false);

    public async Task InitializeAsync()
    {
        _ = server.BaseAddress;
        server.Upstream.Behaviour = new();
        server.GitHub.Behaviour = new();
        await server.SetSignInExperienceAsync(SocialOnly);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Authorize(Pkce pkce) => Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce);

    /// <summary>Opens the app's sign-in, clicks "Continue with ..." and follows the provider round trip.</summary>
    private static async Task<PageResult> ContinueWithAsync(BrowserSession browser, string connectorId, Pkce pkce)
    {
        var signIn = await browser.GoAsync(Authorize(pkce));
        Assert.Equal("/sign-in", signIn.Url.AbsolutePath);
        return await browser.SubmitAsync(signIn, new Dictionary<string, string>(), formAction: "/social/" + connectorId);
    }

    private async Task<TokenResponse> RedeemAsync(PageResult landing, Pkce pkce)
    {
        Assert.True(landing.CallbackParameters.ContainsKey("code"), $"Ended on {landing.Url} ({landing.Status}): {landing.Alert}");
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens;
    }

    [Fact]
    public async Task SignInPage_ShowsOneButtonPerEnabledConnector_InTheExperiencesOrder()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        var buttons = page.Document.QuerySelectorAll("ul.social button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Continue with OAuth2", "Continue with GitHub"], buttons);
        Assert.NotNull(page.Document.QuerySelector(".divider"));
    }

    [Fact]
    public async Task SignInPage_ReorderedOrDisabledTargets_ShowAtTheNextRequest()
    {
        using var browser = server.NewBrowser();

        await server.SetSignInExperienceAsync(SocialOnly with { SocialSignInConnectorTargets = ["github"] });
        var page = await browser.GoAsync("/sign-in");

        Assert.Equal(["Continue with GitHub"], page.Document.QuerySelectorAll("ul.social button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public async Task FirstSocialSignIn_WithNoSignUpIdentifier_CreatesUserAndIdTokenCarriesMappedProfile()
    {
        server.Upstream.Behaviour.UserInfo = """{"sub":"first-1","name":"Ada Lovelace","picture":"https://img.example.test/ada.png"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();

        var landing = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, pkce);

        var idToken = Jwt.Payload((await RedeemAsync(landing, pkce)).IdToken!);
        Assert.Equal("Ada Lovelace", idToken.GetProperty("name").GetString());
        Assert.Equal("https://img.example.test/ada.png", idToken.GetProperty("picture").GetString());
        var authorize = Assert.Single(server.Upstream.AuthorizeRequests, r => r.GetValueOrDefault("redirect_uri")?.Contains("oauth2-acme") == true && r["state"] == server.Upstream.AuthorizeRequests.Last()["state"]);
        Assert.Equal(new Uri(server.BaseAddress, "callback/" + SocialServerFactory.AcmeConnector).AbsoluteUri, authorize["redirect_uri"]);
    }

    [Fact]
    public async Task SecondSocialSignIn_FindsTheSameUser()
    {
        server.Upstream.Behaviour.UserInfo = """{"sub":"returning-1","name":"Grace"}""";
        var pkce1 = Pkce.Create();
        var pkce2 = Pkce.Create();
        using var first = server.NewBrowser();
        using var second = server.NewBrowser();

        var firstSub = Jwt.Payload((await RedeemAsync(await ContinueWithAsync(first, SocialServerFactory.AcmeConnector, pkce1), pkce1)).IdToken!).GetProperty("sub").GetString();
        var users = await server.CountUsersAsync();
        var secondSub = Jwt.Payload((await RedeemAsync(await ContinueWithAsync(second, SocialServerFactory.AcmeConnector, pkce2), pkce2)).IdToken!).GetProperty("sub").GetString();

        Assert.Equal(firstSub, secondSub);
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Fact]
    public async Task FirstSocialSignIn_WithUsernameSignUpIdentifier_AsksForAUsername()
    {
        await server.SetSignInExperienceAsync(SocialOnly with { SignUpIdentifiers = ["username"] });
        server.Upstream.Behaviour.UserInfo = """{"sub":"needs-name-1","name":"Katherine"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var username = Flows.NewUsername();

        var ask = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, pkce);
        Assert.Equal("/social/username", ask.Url.AbsolutePath);
        Assert.Equal("Choose a username", ask.Heading);
        var invalid = await browser.SubmitAsync(ask, new Dictionary<string, string> { ["Username"] = "9lives" });
        Assert.NotNull(invalid.FieldError("username"));
        var landing = await browser.SubmitAsync(invalid, new Dictionary<string, string> { ["Username"] = username });

        var idToken = Jwt.Payload((await RedeemAsync(landing, pkce)).IdToken!);
        Assert.Equal(username, idToken.GetProperty("username").GetString());
        Assert.Equal("Katherine", idToken.GetProperty("name").GetString());
    }

    [Fact]
    public async Task UpstreamAccessDenied_ReturnsToSignInWithCancelledMessage()
    {
        server.Upstream.Behaviour.AuthorizeError = "access_denied";
        using var browser = server.NewBrowser();

        var page = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, Pkce.Create());

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Equal("Sign-in with OAuth2 was cancelled.", page.Alert);
    }

    [Fact]
    public async Task Callback_WithMissingWrongOrReplayedState_IsRefusedBeforeAnyUpstreamCall()
    {
        using var browser = server.NewBrowser();
        var signIn = await browser.GoAsync(Authorize(Pkce.Create()));
        var attempt = await browser.PostRawAsync(new Uri(server.BaseAddress, "/social/" + SocialServerFactory.AcmeConnector),
            [new("returnUrl", "/"), new("__RequestVerificationToken", signIn.Document.QuerySelector("form[action='/social/oauth2-acme'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]);
        var upstreamAuthorize = attempt.Headers.Location!;
        var realCallback = (await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(upstreamAuthorize)).Headers.Location!;
        var callbackPath = realCallback.PathAndQuery;
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(realCallback.Query)["code"].ToString();
        var exchangesBefore = server.Upstream.TokenRequests.Count;

        var missing = await browser.GoAsync($"/callback/{SocialServerFactory.AcmeConnector}?code={code}");
        var wrong = await browser.GoAsync($"/callback/{SocialServerFactory.AcmeConnector}?code={code}&state=forged");
        using var otherBrowser = server.NewBrowser();
        var otherBrowserPage = await otherBrowser.GoAsync(callbackPath);

        Assert.All([missing, wrong, otherBrowserPage], page =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("expired or was already used", page.Alert);
        });
        Assert.Equal(exchangesBefore, server.Upstream.TokenRequests.Count);

        var used = await browser.GoAsync(callbackPath);
        var replayed = await browser.GoAsync(callbackPath);
        Assert.NotEqual(HttpStatusCode.BadRequest, used.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal(exchangesBefore + 1, server.Upstream.TokenRequests.Count);
    }

    [Fact]
    public async Task Callback_AfterTheAttemptExpired_IsRefused()
    {
        using var browser = server.NewBrowser();
        var signIn = await browser.GoAsync(Authorize(Pkce.Create()));
        var start = await browser.PostRawAsync(new Uri(server.BaseAddress, "/social/" + SocialServerFactory.AcmeConnector),
            [new("returnUrl", "/"), new("__RequestVerificationToken", signIn.Document.QuerySelector("form[action='/social/oauth2-acme'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]);
        var callback = (await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(start.Headers.Location)).Headers.Location!;

        server.Clock.Advance(SocialAttemptStore.AttemptLifetime + TimeSpan.FromSeconds(1));
        var page = await browser.GoAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "application/json", """{"error":"server_error"}""")]
    [InlineData(HttpStatusCode.OK, "text/html", "<html><body>Log in</body></html>")]
    [InlineData(HttpStatusCode.BadRequest, "application/json", """{"error":"invalid_client"}""")]
    public async Task UpstreamTokenEndpointFailure_ShowsAnErrorPageNamingTheConnector_AndCreatesNoUser(
        HttpStatusCode status, string contentType, string body)
    {
        server.Upstream.Behaviour.TokenStatus = status;
        server.Upstream.Behaviour.TokenContentType = contentType;
        server.Upstream.Behaviour.TokenBody = body;
        server.Upstream.Behaviour.UserInfo = """{"sub":"never-created"}""";
        var users = await server.CountUsersAsync();
        using var browser = server.NewBrowser();

        var page = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, Pkce.Create());

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("Sign-in with OAuth2 failed.", page.Heading);
        Assert.DoesNotContain(FakeUpstream.ClientSecret, page.Html);
        Assert.DoesNotContain("   at ", page.Html);
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Theory]
    [InlineData("""{"name":"No Id"}""", "id")]
    [InlineData("""{"sub":"typed-1","email":42}""", "email")]
    public async Task UnusableUserInfo_ShowsAnErrorPageSayingSo_WithoutTheProvidersText(string userInfo, string field)
    {
        server.Upstream.Behaviour.UserInfo = userInfo;
        var users = await server.CountUsersAsync();
        using var browser = server.NewBrowser();

        var page = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, Pkce.Create());

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal(Identity.Core.Social.SocialMessages.ProviderAnswerUnusable, page.Alert);
        Assert.DoesNotContain($"'{field}'", page.Html);
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Fact]
    public async Task GitHubLikeProvider_QueryStringTokenAndNumericId_SignsIn()
    {
        server.GitHub.Behaviour.TokenContentType = "application/x-www-form-urlencoded";
        server.GitHub.Behaviour.TokenBody = "access_token={access_token}&scope=read%3Auser&token_type=bearer";
        server.GitHub.Behaviour.UserInfo = """{"id":583231,"login":"octocat","avatar_url":"https://avatars.example.test/u/583231"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();

        var landing = await ContinueWithAsync(browser, SocialServerFactory.GitHubConnector, pkce);

        var idToken = Jwt.Payload((await RedeemAsync(landing, pkce)).IdToken!);
        Assert.Equal("octocat", idToken.GetProperty("name").GetString());
        Assert.Equal("https://avatars.example.test/u/583231", idToken.GetProperty("picture").GetString());
        Assert.Equal("Bearer at-", server.GitHub.UserInfoRequests.Last()![..10]);
    }

    [Fact]
    public async Task FormPostCallback_IsHandledLikeARedirect()
    {
        server.Upstream.Behaviour.FormPost = true;
        server.Upstream.Behaviour.UserInfo = """{"sub":"form-post-1"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();

        var upstreamPage = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, pkce);
        var landing = await browser.SubmitAsync(upstreamPage, new Dictionary<string, string>());

        await RedeemAsync(landing, pkce);
    }

    [Fact]
    public async Task LockedAccount_CannotSignInThroughAConnectorEither()
    {
        server.Upstream.Behaviour.UserInfo = """{"sub":"locked-1","name":"Mallory"}""";
        var pkce = Pkce.Create();
        using (var first = server.NewBrowser())
        {
            await RedeemAsync(await ContinueWithAsync(first, SocialServerFactory.AcmeConnector, pkce), pkce);
        }
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<Identity.Data.IdentityDataContext>();
            var userId = await data.SocialIdentities.Where(i => i.ExternalId == "locked-1").Select(i => i.UserId).SingleAsync();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Identity.Core.Accounts.UserAccount>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(userId))!, DateTimeOffset.MaxValue);
        }

        using var browser = server.NewBrowser();
        var page = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, Pkce.Create());

        Assert.Null(page.LeftServerTo);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Equal("This account is locked. Try again later, or ask the administrator.", page.Alert);
    }

    [Fact]
    public async Task SignInOnlyMode_UnknownSocialAccount_IsToldItIsNotRegistered()
    {
        await server.SetSignInExperienceAsync(SocialOnly with { SignInMode = SignInMode.SignIn });
        server.Upstream.Behaviour.UserInfo = """{"sub":"stranger-1"}""";
        var users = await server.CountUsersAsync();
        using var browser = server.NewBrowser();

        var page = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, Pkce.Create());

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Equal("The social account has not been registered yet.", page.Alert);
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Fact]
    public async Task AutomaticLinking_LinksOnlyThroughAVerifiedEmail()
    {
        await server.SetSignInExperienceAsync(SocialOnly with { AutomaticAccountLinking = true });
        var verifiedEmail = $"{Guid.NewGuid():N}@example.test";
        var unverifiedEmail = $"{Guid.NewGuid():N}@example.test";

        // Two local users, each created through a provider that verified their email.
        server.Upstream.Behaviour.UserInfo = $$"""{"sub":"{{Guid.NewGuid():N}}","email":"{{verifiedEmail}}","email_verified":true}""";
        var ownerSub = await SignInAndGetSubjectAsync(SocialServerFactory.AcmeConnector, server.Upstream);
        server.Upstream.Behaviour.UserInfo = $$"""{"sub":"{{Guid.NewGuid():N}}","email":"{{unverifiedEmail}}","email_verified":true}""";
        var otherSub = await SignInAndGetSubjectAsync(SocialServerFactory.AcmeConnector, server.Upstream);

        // Through a second provider: a verified matching email links; an unverified one does not merge.
        server.GitHub.Behaviour.UserInfo = $$"""{"id":{{Random.Shared.Next(1, int.MaxValue)}},"email":"{{verifiedEmail}}","email_verified":true}""";
        var linked = await SignInAndGetSubjectAsync(SocialServerFactory.GitHubConnector, server.GitHub);
        server.GitHub.Behaviour.UserInfo = $$"""{"id":{{Random.Shared.Next(1, int.MaxValue)}},"email":"{{unverifiedEmail}}"}""";
        var notLinked = await SignInAndGetSubjectAsync(SocialServerFactory.GitHubConnector, server.GitHub);

        Assert.Equal(ownerSub, linked);
        Assert.NotEqual(otherSub, notLinked);
    }

    private async Task<string> SignInAndGetSubjectAsync(string connectorId, FakeUpstream upstream)
    {
        upstream.Behaviour.TokenContentType = "application/json";
        upstream.Behaviour.TokenBody = """{"access_token":"{access_token}","token_type":"bearer"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await ContinueWithAsync(browser, connectorId, pkce);
        return Jwt.Payload((await RedeemAsync(landing, pkce)).IdToken!).GetProperty("sub").GetString()!;
    }

    [Fact]
    public async Task RegisterPage_WithSocialOnlySignUp_ShowsTheButtonsButNoPasswordForm()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/register");

        Assert.Null(page.Document.QuerySelector("#password"));
        Assert.Equal(["Continue with OAuth2", "Continue with GitHub"], page.Document.QuerySelectorAll("ul.social button").Select(b => b.TextContent.Trim()));
        Assert.Null(page.Alert);
    }

    [Fact]
    public async Task PasswordSignUp_WhenOnlySocialSignUpIsOffered_IsRefused()
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/register");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var users = await server.CountUsersAsync();

        using var response = await browser.PostRawAsync(new Uri(server.BaseAddress, "/register"),
        [
            new("Username", Flows.NewUsername()), new("Password", Flows.GoodPassword), new("ConfirmPassword", Flows.GoodPassword),
            new("__RequestVerificationToken", token),
        ]);

        Assert.Contains("Creating new accounts is turned off.", await response.Content.ReadAsStringAsync());
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Fact]
    public async Task AutomaticLinking_EmailSharedByTwoLocalUsers_LinksToNeitherAndSignsInANewAccount()
    {
        await server.SetSignInExperienceAsync(SocialOnly with { AutomaticAccountLinking = true });
        var shared = $"{Guid.NewGuid():N}@example.test";
        var localIds = new List<string>();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<Identity.Admin.UserAdmin>();
            foreach (var name in new[] { Flows.NewUsername(), Flows.NewUsername() })
            {
                localIds.Add((await admin.CreateAsync(new Identity.Admin.Definitions.UserDefinition { Username = name, Email = shared, EmailVerified = true }, default)).Id);
            }
        }
        server.Upstream.Behaviour.UserInfo = $$"""{"sub":"{{Guid.NewGuid():N}}","email":"{{shared}}","email_verified":true}""";

        var subject = await SignInAndGetSubjectAsync(SocialServerFactory.AcmeConnector, server.Upstream);

        Assert.DoesNotContain(subject, localIds);
    }
}
