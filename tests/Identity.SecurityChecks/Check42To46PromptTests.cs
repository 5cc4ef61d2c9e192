using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Checks 42–46: prompt, max_age and id_token_hint at the authorization endpoint (the server's own code in passthrough
/// mode). Checks 44 and 45 move the clock a few seconds, which no other check here minds.
/// </summary>
public sealed class Check42To46PromptTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check42_PromptNoneWithoutSession_RedirectsLoginRequired_WithoutTheSignInPage()
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(SessionChecks.Authorize("silent", ("prompt", "none")));

        Assert.NotNull(result.LeftServerTo);
        Assert.StartsWith(CheckSeed.WebRedirect + "?", result.LeftServerTo!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("login_required", result.CallbackParameters["error"]);
        Assert.Equal("silent", result.CallbackParameters["state"]);
        Assert.False(result.CallbackParameters.ContainsKey("code"));
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath == "/sign-in");
    }

    [Fact]
    public async Task Check43_PromptNoneWithSession_GivesACodeAtOnce_SameSubjectAndAuthTime()
    {
        using var browser = server.NewBrowser();
        var first = await Oidc.SignInAndRedeemAsync(server, browser);

        var silent = await browser.GoAsync(SessionChecks.Authorize("silent", ("prompt", "none")));
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath == "/sign-in");
        var second = await SessionChecks.RedeemLandingAsync(server, silent);

        Assert.Equal(SessionChecks.Claim(first.IdToken!, "sub"), SessionChecks.Claim(second.IdToken!, "sub"));
        Assert.NotNull(SessionChecks.Claim(first.IdToken!, "auth_time"));
        Assert.Equal(SessionChecks.Claim(first.IdToken!, "auth_time"), SessionChecks.Claim(second.IdToken!, "auth_time"));
    }

    [Fact]
    public async Task Check44_PromptLoginWithSession_ShowsTheSignInPage_AndTheNewAuthTimeIsLater()
    {
        using var browser = server.NewBrowser();
        var first = await Oidc.SignInAndRedeemAsync(server, browser);
        await server.AdvanceClockAsync(TimeSpan.FromSeconds(2));

        var page = await browser.GoAsync(SessionChecks.Authorize("again", ("prompt", "login")));
        Assert.Null(page.LeftServerTo);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.NotNull(page.Document.QuerySelector("input[name=Password]"));

        var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Alice, CheckSeed.Password);
        var second = await SessionChecks.RedeemLandingAsync(server, landing);

        Assert.Equal(SessionChecks.Claim(first.IdToken!, "sub"), SessionChecks.Claim(second.IdToken!, "sub"));
        Assert.True(SessionChecks.AuthTime(second.IdToken!) > SessionChecks.AuthTime(first.IdToken!),
            "auth_time did not move forward after prompt=login.");
    }

    [Fact]
    public async Task Check45_MaxAgeExceeded_AsksToSignInAgain_MaxAgeNotExceeded_KeepsTheAuthTime()
    {
        using var browser = server.NewBrowser();
        var first = await Oidc.SignInAndRedeemAsync(server, browser);
        await server.AdvanceClockAsync(TimeSpan.FromSeconds(2));

        // max_age=1, signed in 2 s ago: sign in again.
        var page = await browser.GoAsync(SessionChecks.Authorize("fresh", ("max_age", "1")));
        Assert.Null(page.LeftServerTo);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Alice, CheckSeed.Password);
        var reauthenticated = await SessionChecks.RedeemLandingAsync(server, landing);
        var authTime = SessionChecks.Claim(reauthenticated.IdToken!, "auth_time");
        Assert.NotNull(authTime);
        Assert.True(long.Parse(authTime!, System.Globalization.CultureInfo.InvariantCulture) > SessionChecks.AuthTime(first.IdToken!));

        // max_age=10000: no sign-in, the same auth_time.
        var silent = await browser.GoAsync(SessionChecks.Authorize("recent", ("max_age", "10000")));
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath == "/sign-in");
        var kept = await SessionChecks.RedeemLandingAsync(server, silent);
        Assert.Equal(authTime, SessionChecks.Claim(kept.IdToken!, "auth_time"));
    }

    [Fact]
    public async Task Check46_PromptNoneWithTheUsersIdTokenHint_Succeeds_WithAnotherUsersHint_IsLoginRequired()
    {
        using var alice = server.NewBrowser();
        var aliceTokens = await Oidc.SignInAndRedeemAsync(server, alice);
        using var bob = server.NewBrowser();
        var bobTokens = await Oidc.SignInAndRedeemAsync(server, bob, username: CheckSeed.Bob);

        var own = await alice.GoAsync(SessionChecks.Authorize("own", ("prompt", "none"), ("id_token_hint", aliceTokens.IdToken)));
        var ownTokens = await SessionChecks.RedeemLandingAsync(server, own);
        Assert.Equal(SessionChecks.Claim(aliceTokens.IdToken!, "sub"), SessionChecks.Claim(ownTokens.IdToken!, "sub"));

        var other = await alice.GoAsync(SessionChecks.Authorize("other", ("prompt", "none"), ("id_token_hint", bobTokens.IdToken)));
        Assert.NotNull(other.LeftServerTo);
        Assert.Equal("login_required", other.CallbackParameters["error"]);
        Assert.False(other.CallbackParameters.ContainsKey("code"));
    }
}
