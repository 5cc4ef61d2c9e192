using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Checks 69–73: the server as an OAuth 2.0 client of an upstream provider ("Continue with OAuth2"). Check 71 does not
/// apply: Logto's generic OAuth2 connector reads a user info endpoint and receives no ID token (an OpenID Connect
/// connector would be a plugin of its own, with those checks).
/// </summary>
public sealed class Check69To73SocialConnectorTests(SocialCheckServer server) : IClassFixture<SocialCheckServer>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        server.Upstream.Behaviour = new();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Check69_CallbackWithMissingWrongOrReplayedState_IsRefused_WithoutAskingTheUpstreamForTokens()
    {
        using var browser = server.NewSocialBrowser();
        var finished = await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Plain);
        var callback = Callback(browser);
        Assert.True(await HostedForms.IsSignedInAsync(browser), finished.Html);
        var parameters = Oidc.Parameters(callback);
        var exchanges = server.Upstream.TokenRequests.Count;

        var callbackPath = callback.GetLeftPart(UriPartial.Path);
        foreach (var forged in new[]
        {
            $"{callbackPath}?code={parameters["code"]}",                                  // no state
            $"{callbackPath}?code={parameters["code"]}&state=not-the-state",              // wrong state
            callback.PathAndQuery,                                                         // replayed, same browser
        })
        {
            var refused = await browser.GoAsync(forged);
            Assert.True((int)refused.Status is >= 400 and < 500, $"{forged} answered {(int)refused.Status}.");
        }
        using var otherBrowser = server.NewSocialBrowser();
        var replayedElsewhere = await otherBrowser.GoAsync(callback.PathAndQuery);
        Assert.True((int)replayedElsewhere.Status is >= 400 and < 500);
        Assert.False(await HostedForms.IsSignedInAsync(otherBrowser));

        Assert.Equal(exchanges, server.Upstream.TokenRequests.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://mix-up.example")]
    public async Task Check70_ProviderWithRfc9207Issuer_CallbackWithoutOrWithAWrongIss_IsRefused(string? callbackIss)
    {
        server.Upstream.Behaviour = new() { CallbackIssuer = callbackIss };
        using var browser = server.NewSocialBrowser();
        var exchanges = server.Upstream.TokenRequests.Count;

        var refused = await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Strict);

        Assert.True((int)refused.Status >= 400, $"Answered {(int)refused.Status}: {refused.Html}");
        Assert.Equal(exchanges, server.Upstream.TokenRequests.Count);
        Assert.False(await HostedForms.IsSignedInAsync(browser));

        server.Upstream.Behaviour = new() { CallbackIssuer = server.Upstream.Issuer };
        await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Strict);
        Assert.True(await HostedForms.IsSignedInAsync(browser), "The right iss was refused too.");
    }

    [Fact]
    public async Task Check72_EachAttempt_SendsAFreshStateAndItsOwnS256Challenge()
    {
        server.Upstream.Behaviour = new() { CallbackIssuer = server.Upstream.Issuer };
        var before = server.Upstream.AuthorizeRequests.Count;
        for (var i = 0; i < 2; i++)
        {
            using var browser = server.NewSocialBrowser();
            await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Strict);
        }

        var attempts = server.Upstream.AuthorizeRequests.Skip(before).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("S256", a["code_challenge_method"]));
        Assert.All(attempts, a => Assert.True(a["state"].Length >= 22 && a["code_challenge"].Length == 43));
        Assert.NotEqual(attempts[0]["state"], attempts[1]["state"]);
        Assert.NotEqual(attempts[0]["code_challenge"], attempts[1]["code_challenge"]);
    }

    [Fact]
    public async Task Check73_UpstreamEmailMatchingALocalAccount_IsNotMergedSilently_TheKeyIsProviderAndSubject()
    {
        // alice@example.com belongs to the local, verified account "alice"; the provider vouches for nothing.
        server.Upstream.Behaviour = new()
        {
            UserInfo = """{"sub":"upstream-mallory","name":"Not Alice","email":"alice@example.com"}""",
        };
        using var viaUpstream = server.NewSocialBrowser();
        await SocialCheckServer.ContinueWithAsync(viaUpstream, SocialCheckServer.Plain);
        var upstreamSubject = await SubjectAsync(viaUpstream);

        using var viaPassword = server.NewBrowser();
        await HostedForms.SignInAsync(viaPassword, CheckSeed.Alice, CheckSeed.Password);
        var aliceSubject = await SubjectAsync(viaPassword);
        Assert.NotEqual(aliceSubject, upstreamSubject);

        // The same provider subject signs in to the same account again: the key is provider + subject, not the email.
        using var again = server.NewSocialBrowser();
        await SocialCheckServer.ContinueWithAsync(again, SocialCheckServer.Plain);
        Assert.Equal(upstreamSubject, await SubjectAsync(again));
    }

    /// <summary>The callback URL the browser was sent to by the provider.</summary>
    private static Uri Callback(BrowserSession browser) =>
        browser.Visited.Single(u => u.AbsolutePath.StartsWith("/callback/", StringComparison.Ordinal));

    /// <summary>Who the browser is signed in as, asked the way an app asks: a silent authorization and the ID token's sub.</summary>
    private async Task<string> SubjectAsync(BrowserSession browser)
    {
        var silent = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, "openid",
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, silent.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return Jwt.Payload(tokens.IdToken!).GetProperty("sub").GetString()!;
    }
}
