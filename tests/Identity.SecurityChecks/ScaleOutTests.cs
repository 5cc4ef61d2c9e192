using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Several instances on one PostgreSQL database behind a load balancer: requests alternate between them, one restarts
/// mid-journey, and nobody notices. (Checks 55 and 76 run the same idea on SQLite.)
/// </summary>
public sealed class ScaleOutTests(ScaleOutServers servers) : IClassFixture<ScaleOutServers>
{
    private CheckServer A => servers.A;

    private CheckServer B => servers.B;

    [Fact]
    public async Task PasswordJourney_PageFromA_PostToB_ResumedOnA_TokenFromB_UserInfoFromA()
    {
        using var browser = servers.NewBrowser();
        var page = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));

        // A's form (and antiforgery token) posted to B; B's redirect back to the authorization endpoint goes to A.
        var atB = await Oidc.SubmitSignInAsync(browser, page with { Url = ScaleOutServers.On(B, page.Url) }, CheckSeed.Alice, CheckSeed.Password);
        Assert.Equal(B.BaseUri.Port, atB.LeftServerTo?.Port);
        var landing = await browser.GoAsync(ScaleOutServers.On(A, atB.LeftServerTo!).AbsoluteUri);

        using var tokenAtB = B.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(tokenAtB, landing.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        using var userInfoAtA = A.NewBackChannel();
        using var userInfo = await Oidc.UserInfoAsync(userInfoAtA, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
    }

    [Fact]
    public async Task SocialJourney_StartedOnA_ProviderCallbackOnB_SignsInOnBoth()
    {
        // A browser that follows only the provider, so each step can be sent to the instance the test chooses.
        using var browser = new BrowserSession(servers.Upstream.BaseAddress);
        var signIn = await browser.GoAsync(new Uri(A.BaseUri, "/sign-in").AbsoluteUri);
        var action = signIn.Document.QuerySelector($"form[action^='/social/{SocialCheckServer.Plain}']")!.GetAttribute("action")!;

        var toCallback = await browser.SubmitAsync(signIn, new Dictionary<string, string>(), formAction: action);
        Assert.Equal("/callback/" + SocialCheckServer.Plain, toCallback.LeftServerTo?.AbsolutePath);
        var atB = await browser.GoAsync(ScaleOutServers.On(B, toCallback.LeftServerTo!).AbsoluteUri);

        Assert.True(atB.LeftServerTo is not null, $"The callback on B stopped at {atB.Url} ({(int)atB.Status}): {atB.Alert}");
        Assert.True(await HostedForms.IsSignedInAsync(browser, A.BaseUri), "The session B started is not known to A.");
        Assert.True(await HostedForms.IsSignedInAsync(browser, B.BaseUri));
    }

    [Fact]
    public async Task InstanceRestartedMidJourney_FormStillPosts_CodeStillRedeems_SessionStillHolds()
    {
        using var browser = servers.NewBrowser();
        var page = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));

        await A.RestartAsync();
        var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Bob, CheckSeed.Password);
        var code = landing.CallbackParameters["code"];

        await B.RestartAsync();
        using var tokenAtB = B.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(tokenAtB, code, CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);

        await A.RestartAsync();
        Assert.True(await HostedForms.IsSignedInAsync(browser), "The restart signed the user out.");
        using var refreshAtA = A.NewBackChannel();
        Assert.True((await Oidc.RefreshAsync(refreshAtA, tokens.RefreshToken!)).IsSuccess);
    }

    [Fact]
    public async Task OneCode_RedeemedInParallelOnBothInstances_YieldsExactlyOneTokenSet()
    {
        using var browser = servers.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        var code = landing.CallbackParameters["code"];

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var http = (i % 2 == 0 ? A : B).NewBackChannel();
            return await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        }));

        Assert.Equal(1, attempts.Count(a => a.IsSuccess));
        Assert.All(attempts.Where(a => !a.IsSuccess), a => Assert.Equal("invalid_grant", a.Error));
    }

    [Fact]
    public async Task ConcurrentRefreshesOfOneToken_OnBothInstances_AllSucceed_AndLeaveOneLiveGrant()
    {
        using var browser = servers.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(A, browser, username: CheckSeed.Carol);
        var subject = Jwt.Payload(tokens.IdToken!).GetProperty("sub").GetString()!;

        var refreshes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var http = (i % 2 == 0 ? A : B).NewBackChannel();
            return await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        }));

        Assert.All(refreshes, r => Assert.True(r.IsSuccess, r.Raw));
        var liveGrants = await servers.Database.ScalarAsync(
            "SELECT COUNT(*) FROM \"OpenIddictAuthorizations\" WHERE \"Subject\" = @subject AND \"Status\" = 'valid'", ("subject", subject));
        Assert.Equal(1L, liveGrants);
        using var again = B.NewBackChannel();
        Assert.True((await Oidc.RefreshAsync(again, refreshes[^1].RefreshToken!)).IsSuccess);
    }
}
