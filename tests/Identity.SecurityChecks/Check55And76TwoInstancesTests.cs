using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 55 and 76: two instances on one database behave as one server.</summary>
public sealed class Check55And76TwoInstancesTests(TwoInstances servers) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Check55_FailuresSpreadOverTwoInstances_AreCountedTogether_AndTheLockHoldsOnBoth()
    {
        var username = HostedForms.NewUsername();
        using (var browser = servers.A.NewBrowser())
        {
            await HostedForms.RegisterAsync(browser, username, CheckSeed.Password);
        }

        using var attacker = servers.A.NewBrowser(servers.B.BaseUri);
        for (var i = 0; i < 5; i++)
        {
            var instance = i % 2 == 0 ? servers.A : servers.B;
            var page = await attacker.GoAsync(new Uri(instance.BaseUri, "/sign-in").AbsoluteUri);
            await Oidc.SubmitSignInAsync(attacker, page, username, "wrong password " + i);
        }

        foreach (var instance in new[] { servers.A, servers.B })
        {
            using var owner = instance.NewBrowser();
            await HostedForms.SignInAsync(owner, username, CheckSeed.Password);
            Assert.False(await HostedForms.IsSignedInAsync(owner), $"The right password got in on {instance.BaseUri} during the lockout.");
        }
    }

    [Fact]
    public async Task Check76_PageFromAPostedToB_CookieFromBAcceptedByA_CodeFromBRedeemedAtA_TokenFromAAcceptedByB()
    {
        using var browser = servers.A.NewBrowser(servers.B.BaseUri);

        // The sign-in page comes from A; its form (antiforgery token included) is posted to B.
        var pageFromA = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        Assert.Equal(servers.A.BaseUri.Authority, pageFromA.Url.Authority);
        var postedToB = pageFromA with { Url = new Uri(servers.B.BaseUri, pageFromA.Url.PathAndQuery) };
        var landing = await Oidc.SubmitSignInAsync(browser, postedToB, CheckSeed.Alice, CheckSeed.Password);
        Assert.True(landing.LeftServerTo is not null, $"Posting A's form to B failed: {(int)landing.Status} {landing.Alert}");
        Assert.Equal(servers.A.Issuer, landing.CallbackParameters["iss"]);

        // The code B issued is redeemed at A; A's access token is accepted at B's userinfo.
        using var atA = servers.A.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(atA, landing.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        using var atB = servers.B.NewBackChannel();
        using var userInfo = await Oidc.UserInfoAsync(atB, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);

        // The session cookie B set is accepted by A: a silent authorization there returns a code at once.
        var silentAtA = await browser.GoAsync(new Uri(servers.A.BaseUri, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, "openid",
            extra: new Dictionary<string, string?> { ["prompt"] = "none" })).AbsoluteUri);
        Assert.True(silentAtA.CallbackParameters.ContainsKey("code"), silentAtA.LeftServerTo?.ToString() ?? silentAtA.Html);
    }

    [Fact]
    public async Task Check76_ARefreshTokenFromA_IsRenewedAtB_ItsSuccessorAtA_AndOneRevokedAtB_StopsAtA()
    {
        using var browser = servers.A.NewBrowser();
        var page = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Alice, CheckSeed.Password);
        using var atA = servers.A.NewBackChannel();
        using var atB = servers.B.NewBackChannel();
        var fromA = await Oidc.RedeemAsync(atA, landing.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(fromA.IsSuccess, fromA.Raw);

        // Each instance renews what the other issued (both answer plain refreshes ahead of OpenIddict's pipeline).
        var atBFromA = await Oidc.RefreshAsync(atB, fromA.RefreshToken!);
        Assert.True(atBFromA.IsSuccess, atBFromA.Raw);
        var atAFromB = await Oidc.RefreshAsync(atA, atBFromA.RefreshToken!);
        Assert.True(atAFromB.IsSuccess, atAFromB.Raw);
        using var userInfoAtB = await Oidc.UserInfoAsync(atB, atAFromB.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfoAtB.StatusCode);

        // A token revoked at B no longer renews at A.
        var revoked = await Oidc.RevokeAsync(atB, atAFromB.RefreshToken!, CheckSeed.WebId, CheckSeed.WebSecret);
        Assert.True(revoked.IsSuccess, revoked.Raw);
        var afterRevocation = await Oidc.RefreshAsync(atA, atAFromB.RefreshToken!);
        Assert.Equal("invalid_grant", afterRevocation.Error);
    }

    [Fact]
    public async Task Check76_AnApplicationCreatedOrRotatedOnA_WorksOnBAtOnce_AndOneDeletedOnA_StopsOnBWithinTheStaleness()
    {
        // B keeps every application in memory: it must not answer from a stale copy where that would refuse a new
        // client or secret, and it drops a deleted one within a second or two (README: applications in memory).
        using var management = await SessionChecks.ManagementClientAsync(servers.A);
        using var atB = servers.B.NewBackChannel();
        var id = "scale-out-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await ClientCredentialsAsync(atB, id, "no-such-secret-0123456789abcdefgh")).Error is "invalid_client");

        using var created = await management.PostAsJsonAsync("/api/applications", new { id, name = "Scale-out robot", type = "MachineToMachine" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var firstSecret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var first = await ClientCredentialsAsync(atB, id, firstSecret);
        Assert.True(first.IsSuccess, "A client created on A is unknown on B: " + first.Raw);

        using var rotated = await management.PostAsync($"/api/applications/{id}/secret", null);
        var secondSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var second = await ClientCredentialsAsync(atB, id, secondSecret);
        Assert.True(second.IsSuccess, "A secret rotated on A is refused on B: " + second.Raw);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(atB, id, firstSecret)).Error);

        using var deleted = await management.DeleteAsync($"/api/applications/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var refusedAt = await WaitForAsync(async () => (await ClientCredentialsAsync(atB, id, secondSecret)).Error is "invalid_client");
        Assert.True(refusedAt < TimeSpan.FromSeconds(3), $"B still issued tokens to the deleted application after {refusedAt}.");
    }

    private static Task<TokenResponse> ClientCredentialsAsync(HttpClient http, string id, string secret) =>
        Oidc.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials" }, (id, secret));

    // Real processes with real clocks: polls every 100 ms, for at most 5 s, and says how long it took.
    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
        }
        return started.Elapsed;
    }
}
