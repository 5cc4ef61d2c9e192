using System.Net;
using Identity.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// What our connector promises the upstream provider and the user (security checks 70, 72, 73): the issuer of the
/// response is checked (RFC 9207), each attempt has its own state and S256 PKCE, and an email never merges accounts
/// unless both sides verified it.
/// </summary>
public sealed partial class SocialSignInTests
{
    private async Task EnableStrictConnectorAsync() =>
        await server.SetSignInExperienceAsync(SocialOnly with { SocialSignInConnectorTargets = ["acme", "github", "strict"] });

    [Theory]
    [InlineData(null)]
    [InlineData("https://attacker.example.test")]
    public async Task IssuerConfigured_CallbackWithMissingOrWrongIss_IsRefusedWithoutACodeExchange(string? callbackIssuer)
    {
        await EnableStrictConnectorAsync();
        server.Upstream.Behaviour.CallbackIssuer = callbackIssuer;
        server.Upstream.Behaviour.UserInfo = """{"sub":"mixed-up-1"}""";
        var exchangesBefore = server.Upstream.TokenRequests.Count;
        var users = await server.CountUsersAsync();
        using var browser = server.NewBrowser();

        var page = await ContinueWithAsync(browser, SocialServerFactory.StrictConnector, Pkce.Create());

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("Sign-in with Strict failed.", page.Heading);
        Assert.Equal(Identity.Core.Social.SocialMessages.WrongIssuer, page.Alert);
        Assert.Equal(exchangesBefore, server.Upstream.TokenRequests.Count);
        Assert.Equal(users, await server.CountUsersAsync());
    }

    [Fact]
    public async Task IssuerConfigured_CallbackWithTheRightIss_SignsIn()
    {
        await EnableStrictConnectorAsync();
        server.Upstream.Behaviour.CallbackIssuer = server.Upstream.Issuer;
        server.Upstream.Behaviour.UserInfo = """{"sub":"right-issuer-1","name":"Barbara"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();

        var landing = await ContinueWithAsync(browser, SocialServerFactory.StrictConnector, pkce);

        Assert.Equal("Barbara", Jwt.Payload((await RedeemAsync(landing, pkce)).IdToken!).GetProperty("name").GetString());
    }

    [Fact]
    public async Task NoIssuerConfigured_CallbackWithAnyIss_SignsInAsBefore()
    {
        server.Upstream.Behaviour.CallbackIssuer = "https://whoever.example.test";
        server.Upstream.Behaviour.UserInfo = """{"sub":"any-issuer-1"}""";
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();

        var landing = await ContinueWithAsync(browser, SocialServerFactory.AcmeConnector, pkce);

        await RedeemAsync(landing, pkce);
    }

    [Fact]
    public async Task TwoAttempts_EachSendsItsOwnStateAndS256Challenge_AndTheVerifierMatches()
    {
        await EnableStrictConnectorAsync();
        server.Upstream.Behaviour.CallbackIssuer = server.Upstream.Issuer;
        server.Upstream.Behaviour.UserInfo = """{"sub":"pkce-twice-1"}""";
        using var browser = server.NewBrowser();
        var signIn = await browser.GoAsync(Authorize(Pkce.Create()));
        string Field(string name) =>
            signIn.Document.QuerySelector($"form[action='/social/oauth2-strict'] input[name={name}]")!.GetAttribute("value")!;

        // Two clicks on the button in the same browser, before either comes back.
        var upstreamUrls = new List<Uri>();
        for (var i = 0; i < 2; i++)
        {
            using var start = await browser.PostRawAsync(new Uri(server.BaseAddress, "/social/" + SocialServerFactory.StrictConnector),
                [new("returnUrl", Field("returnUrl")), new("__RequestVerificationToken", Field("__RequestVerificationToken"))]);
            upstreamUrls.Add(start.Headers.Location!);
        }

        var queries = upstreamUrls.Select(u => QueryHelpers.ParseQuery(u.Query).ToDictionary(p => p.Key, p => p.Value.ToString())).ToList();
        Assert.All(queries, q =>
        {
            Assert.Equal("S256", q["code_challenge_method"]);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", q["code_challenge"]);
            Assert.True(q["state"].Length >= 43, q["state"]);
        });
        Assert.NotEqual(queries[0]["state"], queries[1]["state"]);
        Assert.NotEqual(queries[0]["code_challenge"], queries[1]["code_challenge"]);

        // The latest attempt completes, and its token request proves the verifier behind that attempt's challenge.
        using var upstream = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await upstream.GetAsync(upstreamUrls[1])).Headers.Location!;
        var landing = await browser.GoAsync(callback.PathAndQuery);
        Assert.True(landing.CallbackParameters.ContainsKey("code"), $"Ended on {landing.Url} ({landing.Status}): {landing.Alert}");
        Assert.Equal(queries[1]["code_challenge"], Pkce.S256(server.Upstream.TokenRequests.Last().Form["code_verifier"]));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task AutomaticLinking_EmailMatchingALocalAccount_WithoutBothSidesVerified_CreatesANewUnlinkedAccount(
        bool upstreamVerified, bool localVerified)
    {
        await server.SetSignInExperienceAsync(SocialOnly with { AutomaticAccountLinking = true });
        var email = $"{Guid.NewGuid():N}@example.test";
        string localId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<Identity.Admin.UserAdmin>();
            localId = (await admin.CreateAsync(new Identity.Admin.Definitions.UserDefinition
            {
                Username = Flows.NewUsername(), Password = Flows.GoodPassword, Email = email, EmailVerified = localVerified,
            }, default)).Id;
        }
        server.Upstream.Behaviour.UserInfo = $$"""{"sub":"{{Guid.NewGuid():N}}","email":"{{email}}","email_verified":{{(upstreamVerified ? "true" : "false")}}}""";
        var users = await server.CountUsersAsync();

        var subject = await SignInAndGetSubjectAsync(SocialServerFactory.AcmeConnector, server.Upstream);

        Assert.NotEqual(localId, subject);
        Assert.Equal(users + 1, await server.CountUsersAsync());
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<Identity.Admin.UserAdmin>();
            Assert.Empty(await admin.ListIdentitiesAsync(localId, default));
        }
    }
}
