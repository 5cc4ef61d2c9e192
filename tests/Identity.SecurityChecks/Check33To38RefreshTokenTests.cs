using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 33–35: refresh tokens are rotated, bound to their client and to the consented scope.</summary>
public sealed class Check33To35RefreshTokenTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check33_Refresh_GivesANewAccessTokenAndANewRefreshToken_NoStore()
    {
        using var browser = server.NewBrowser();
        var first = await Oidc.SignInAndRedeemAsync(server, browser);
        Assert.NotNull(first.RefreshToken);

        using var http = server.NewBackChannel();
        var refreshed = await Oidc.RefreshAsync(http, first.RefreshToken!);

        Assert.True(refreshed.IsSuccess, refreshed.Raw);
        Assert.True(refreshed.NoStore, "The refresh response lacks Cache-Control: no-store.");
        Assert.False(string.IsNullOrEmpty(refreshed.AccessToken));
        Assert.False(string.IsNullOrEmpty(refreshed.RefreshToken));
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);
    }

    [Fact]
    public async Task Check34_AnotherClientUsingTheRefreshToken_GetsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        using var http = server.NewBackChannel();
        var stolen = await Oidc.RefreshAsync(http, tokens.RefreshToken!, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret);

        Assert.Equal(400, stolen.Status);
        Assert.Equal("invalid_grant", stolen.Error);
        Assert.Null(stolen.AccessToken);
    }

    [Fact]
    public async Task Check35_RefreshForAWiderScope_IsInvalidScope_ANarrowerOne_KeepsTheSubject()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser, scope: "openid profile offline_access");
        var subject = SessionChecks.Claim(tokens.IdToken!, "sub");

        using var http = server.NewBackChannel();
        var wider = await Oidc.RefreshAsync(http, tokens.RefreshToken!, scope: "openid profile email offline_access");
        Assert.Equal(400, wider.Status);
        Assert.Equal("invalid_scope", wider.Error);

        var narrower = await Oidc.RefreshAsync(http, tokens.RefreshToken!, scope: "openid offline_access");
        Assert.True(narrower.IsSuccess, narrower.Raw);
        Assert.Equal(subject, SessionChecks.Claim(narrower.IdToken!, "sub"));
        Assert.Equal(subject, await SessionChecks.UserInfoSubjectAsync(server, narrower.AccessToken!));
    }
}

/// <summary>
/// Checks 36–38: reuse leeway, replay detection and the end of a refresh grant. They move the server's clock (by
/// 31 s up to months), so they have a server of their own.
/// </summary>
public sealed class Check36To38RefreshTokenLifetimeTests(CheckServer server) : IClassFixture<CheckServer>
{
    // OpenIddict's reuse leeway as the server configures it (Security:RefreshTokenReuseLeeway, 30 s).
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);

    // OpenIddict's refresh token lifetime (the server keeps its 14-day default), renewed by each refresh.
    private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    // The server's cap on a refresh grant, counted from the code's redemption (Security:RefreshTokenAbsoluteLifetime).
    private static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromDays(90);

    [Fact]
    public async Task Check36_TwoRefreshesWithTheSameTokenWithinTheLeeway_BothSucceed_AndTheGrantStaysAlive()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        using var http = server.NewBackChannel();
        var first = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        var second = await Oidc.RefreshAsync(http, tokens.RefreshToken!);

        Assert.True(first.IsSuccess, first.Raw);
        Assert.True(second.IsSuccess, second.Raw);
        // The grant lives on: the newest tokens work, at userinfo and for the next refresh.
        Assert.NotNull(await SessionChecks.UserInfoSubjectAsync(server, second.AccessToken!));
        var next = await Oidc.RefreshAsync(http, second.RefreshToken!);
        Assert.True(next.IsSuccess, next.Raw);
    }

    [Fact]
    public async Task Check36_TwoParallelRefreshesWithTheSameToken_BothSucceed_AndAfterTheLeewayTheTokenIsAReplay()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        using var start = new SemaphoreSlim(0);
        var refreshes = Enumerable.Range(0, 2).Select(async _ =>
        {
            await start.WaitAsync();
            return await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        }).ToList();
        start.Release(refreshes.Count);
        var results = await Task.WhenAll(refreshes);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Raw));
        Assert.NotEqual(results[0].RefreshToken, results[1].RefreshToken);
        await server.AdvanceClockAsync(Leeway + TimeSpan.FromSeconds(1));
        var replay = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.Equal((400, "invalid_grant"), (replay.Status, replay.Error));
    }

    [Fact]
    public async Task Check37_OldRefreshTokenAfterLeeway_FailsAndRevokesTheNewestToo()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();
        var rotated = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.True(rotated.IsSuccess, rotated.Raw);

        await server.AdvanceClockAsync(Leeway + TimeSpan.FromSeconds(1));
        var replay = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.Equal(400, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);

        var newest = await Oidc.RefreshAsync(http, rotated.RefreshToken!);
        Assert.Equal(400, newest.Status);
        Assert.Equal("invalid_grant", newest.Error);
    }

    [Fact]
    public async Task Check38_RefreshTokenPastItsLifetime_OrAfterAPasswordChangeOrAdminRevoke_IsInvalidGrant()
    {
        using var http = server.NewBackChannel();

        // Unused for its whole lifetime: expired.
        using (var browser = server.NewBrowser())
        {
            var idle = await Oidc.SignInAndRedeemAsync(server, browser);
            await server.AdvanceClockAsync(RefreshTokenLifetime + TimeSpan.FromSeconds(1));
            var expired = await Oidc.RefreshAsync(http, idle.RefreshToken!);
            Assert.Equal("invalid_grant", expired.Error);
        }

        // Used every 13 days: each refresh renews the token, but never past the grant's absolute lifetime.
        using (var browser = server.NewBrowser())
        {
            var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
            var refreshToken = tokens.RefreshToken!;
            var step = TimeSpan.FromDays(13);
            var elapsed = TimeSpan.Zero;
            while (elapsed + step < AbsoluteLifetime)
            {
                await server.AdvanceClockAsync(step);
                elapsed += step;
                var refreshed = await Oidc.RefreshAsync(http, refreshToken);
                Assert.True(refreshed.IsSuccess, $"Refresh after {elapsed.TotalDays} days: {refreshed.Raw}");
                refreshToken = refreshed.RefreshToken!;
            }
            await server.AdvanceClockAsync(AbsoluteLifetime - elapsed + TimeSpan.FromSeconds(1));
            var pastAbsolute = await Oidc.RefreshAsync(http, refreshToken);
            Assert.Equal(400, pastAbsolute.Status);
            Assert.Equal("invalid_grant", pastAbsolute.Error);
        }

        // A password change (by an admin here) ends the user's grants.
        using (var browser = server.NewBrowser())
        {
            var tokens = await Oidc.SignInAndRedeemAsync(server, browser, username: CheckSeed.Carol);
            await SessionChecks.ChangePasswordAsync(server, CheckSeed.Carol, "a brand new passphrase for carol 7");
            var afterChange = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
            Assert.Equal(400, afterChange.Status);
            Assert.Equal("invalid_grant", afterChange.Error);
        }

        // An admin revokes the user's grants (DELETE /api/users/{id}/grants): refresh and access tokens both stop.
        using (var browser = server.NewBrowser())
        {
            var tokens = await Oidc.SignInAndRedeemAsync(server, browser, username: CheckSeed.Bob);
            await SessionChecks.RevokeGrantsAsync(server, CheckSeed.Bob);
            var afterRevoke = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
            Assert.Equal(400, afterRevoke.Status);
            Assert.Equal("invalid_grant", afterRevoke.Error);
            using var userInfo = await Oidc.UserInfoAsync(http, tokens.AccessToken!);
            Assert.Equal(401, (int)userInfo.StatusCode);
        }
    }
}
