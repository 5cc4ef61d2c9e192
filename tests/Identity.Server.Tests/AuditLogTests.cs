using Identity.Core.Audit;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>What the audit log records for sign-ins, sign-ups, sign-outs and token grants, and what it never records.</summary>
public sealed class AuditLogTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private const string Loopback = "127.0.0.1";

    [Fact]
    public async Task SignIn_WithTheRightPassword_RecordsSuccessWithTheUserIpAndUserAgent()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        browser.UserAgent = "AuditTest/1.0";

        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username), e => e.Type == AuditEventTypes.SignInSucceeded);
        Assert.Equal(AuditOutcome.Success, entry.Outcome);
        Assert.Equal(await AuditTrail.UserIdAsync(server, username), entry.UserId);
        Assert.Equal(Loopback, entry.IpAddress);
        Assert.Equal("AuditTest/1.0", entry.UserAgent);
        Assert.Equal(server.Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Contains("\"method\":\"pwd\"", entry.Details, StringComparison.Ordinal);
        Assert.Null(entry.Actor);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_RecordsFailureAndNeverThePassword()
    {
        const string wrongPassword = "Wrong-Password-Never-Logged-7f3a";
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();

        await AccountPages.SignInAsync(browser, username, wrongPassword);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username), e => e.Type == AuditEventTypes.SignInFailed);
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal(await AuditTrail.UserIdAsync(server, username), entry.UserId);
        Assert.Equal(Loopback, entry.IpAddress);
        Assert.Contains("\"reason\":\"wrongPassword\"", entry.Details, StringComparison.Ordinal);
        var everything = await AuditTrail.EverythingAsync(server);
        Assert.DoesNotContain(wrongPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Flows.GoodPassword, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ForAnUnknownUsername_RecordsFailureWithTheNameTriedAndNoUser()
    {
        var username = Flows.NewUsername();
        using var browser = server.NewBrowser();

        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username));
        Assert.Equal(AuditEventTypes.SignInFailed, entry.Type);
        Assert.Null(entry.UserId);
        Assert.Contains("\"reason\":\"unknownUser\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FifthFailure_RecordsAccountLocked_AndLaterTriesAsLockedOut()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await AccountPages.SignInAsync(browser, username, "wrong password " + attempt);
        }
        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        var entries = await AuditTrail.ForUsernameAsync(server, username);
        var locked = Assert.Single(entries, e => e.Type == AuditEventTypes.AccountLocked);
        Assert.Contains("\"lockoutCount\":\"1\"", locked.Details, StringComparison.Ordinal);
        Assert.Equal(Loopback, locked.IpAddress);
        Assert.Equal(6, entries.Count(e => e.Type == AuditEventTypes.SignInFailed));
        Assert.Contains("\"reason\":\"lockedOut\"", entries.Last(e => e.Type == AuditEventTypes.SignInFailed).Details, StringComparison.Ordinal);
        Assert.DoesNotContain(entries, e => e.Type == AuditEventTypes.SignInSucceeded);
    }

    [Fact]
    public async Task SignUp_RecordsSignUpWithTheNewUser()
    {
        var username = await AccountPages.CreateUserAsync(server);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username));
        Assert.Equal(AuditEventTypes.SignUpSucceeded, entry.Type);
        Assert.Equal(await AuditTrail.UserIdAsync(server, username), entry.UserId);
        Assert.Equal(Loopback, entry.IpAddress);
    }

    [Fact]
    public async Task SignOut_FromAnApp_RecordsTheUserAndTheApp()
    {
        using var browser = server.NewBrowser();
        var (username, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);

        await browser.GoAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/oidc/session/end", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken, ["client_id"] = TestApps.SpaId, ["post_logout_redirect_uri"] = TestApps.SpaPostLogout,
        }));

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username), e => e.Type == AuditEventTypes.SignOut);
        Assert.Equal(await AuditTrail.UserIdAsync(server, username), entry.UserId);
        Assert.Equal(TestApps.SpaId, entry.ClientId);
        Assert.Equal(Loopback, entry.IpAddress);
    }

    [Fact]
    public async Task CodeRedemption_RecordsTokenIssuedWithGrantTypeClientAndSubject_AndNoCodeOrToken()
    {
        using var browser = server.NewBrowser();
        var (username, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username), e => e.Type == AuditEventTypes.TokenIssued);
        Assert.Equal(await AuditTrail.UserIdAsync(server, username), entry.UserId);
        Assert.Equal(TestApps.SpaId, entry.ClientId);
        Assert.Equal(Loopback, entry.IpAddress);
        Assert.Contains("\"grantType\":\"authorization_code\"", entry.Details, StringComparison.Ordinal);
        var everything = await AuditTrail.EverythingAsync(server);
        Assert.DoesNotContain(tokens.AccessToken!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.RefreshToken!, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_RecordsTokenIssuedForTheClientWithoutAUser()
    {
        await server.ClientCredentialsTokenAsync(ManagementServerFactory.ReportsId, ManagementServerFactory.ReportsSecret, "reports");

        var entries = await AuditTrail.EntriesAsync(server, all => all.Where(e => e.ClientId == ManagementServerFactory.ReportsId));
        var entry = Assert.Single(entries, e => e.Type == AuditEventTypes.TokenIssued);
        Assert.Null(entry.UserId);
        Assert.Contains("\"grantType\":\"client_credentials\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongClientSecret_RecordsClientAuthenticationFailureWithoutTheSecret()
    {
        const string guessedSecret = "guessed-secret-never-logged-91c2";
        using var http = server.NewBackChannel();

        var refused = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "reports" },
            (ManagementServerFactory.ReportsId, guessedSecret));

        Assert.Equal("invalid_client", refused.Error);
        var entries = await AuditTrail.EntriesAsync(server, all => all.Where(e => e.Type == AuditEventTypes.TokenClientAuthenticationFailed));
        var entry = Assert.Single(entries, e => e.ClientId == ManagementServerFactory.ReportsId);
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal(Loopback, entry.IpAddress);
        Assert.DoesNotContain(guessedSecret, await AuditTrail.EverythingAsync(server), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongUserAgent_IsCutTo256Characters()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        browser.UserAgent = "Agent/" + new string('x', 1000);

        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        var entry = Assert.Single(await AuditTrail.ForUsernameAsync(server, username), e => e.Type == AuditEventTypes.SignInSucceeded);
        Assert.Equal(256, entry.UserAgent!.Length);
    }

    [Fact]
    public async Task StartupSeed_RecordsItsChangesWithSeedAsTheActor()
    {
        var entries = await AuditTrail.EntriesAsync(server, all => all.Where(e => e.ClientId == ManagementServerFactory.AdminId));

        var created = Assert.Single(entries, e => e.Type == AuditEventTypes.ApplicationCreated);
        Assert.Equal("seed", created.Actor);
        Assert.DoesNotContain(ManagementServerFactory.AdminSecret, await AuditTrail.EverythingAsync(server), StringComparison.Ordinal);
    }
}
