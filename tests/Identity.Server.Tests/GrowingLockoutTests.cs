using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>A server whose repeated lockouts are capped at 15 minutes (5, 10, then 15 instead of 20).</summary>
public sealed class CappedLockoutServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Security:LockoutDuration", "00:05:00"), new("Security:MaxLockoutDuration", "00:15:00")];
}

/// <summary>Lockouts grow on repeat (5 min, 10 min, ... up to the cap); a successful sign-in starts over.</summary>
public sealed class GrowingLockoutTests(CappedLockoutServerFactory server) : IClassFixture<CappedLockoutServerFactory>
{
    private static readonly TimeSpan JustBefore = TimeSpan.FromSeconds(-1);
    private static readonly TimeSpan JustAfter = TimeSpan.FromSeconds(1);

    private async Task FailFiveTimesAsync(string username)
    {
        using var browser = server.NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await AccountPages.SignInAsync(browser, username, "wrong password " + attempt);
        }
    }

    private async Task<bool> CanSignInAsync(string username)
    {
        using var browser = server.NewBrowser();
        var result = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        return result.Url.AbsolutePath == "/";
    }

    /// <summary>Whether the right password is refused just before <paramref name="lockout"/> ends and accepted just after.</summary>
    private async Task<(bool RefusedJustBefore, bool AcceptedJustAfter)> ProbeLockoutAsync(string username, TimeSpan lockout)
    {
        server.Clock.Advance(lockout + JustBefore);
        var refused = !await CanSignInAsync(username);
        server.Clock.Advance(JustAfter - JustBefore);
        return (refused, await CanSignInAsync(username));
    }

    private async Task<int> LockoutCountAsync(string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == username)).LockoutCount;
    }

    [Fact]
    public async Task FirstLockout_LastsFiveMinutes_EvenForTheRightPassword()
    {
        var username = await AccountPages.CreateUserAsync(server);

        await FailFiveTimesAsync(username);

        Assert.Equal((true, true), await ProbeLockoutAsync(username, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task SecondLockout_LastsTwiceAsLong()
    {
        var username = await AccountPages.CreateUserAsync(server);
        await FailFiveTimesAsync(username);
        server.Clock.Advance(TimeSpan.FromMinutes(5) + JustAfter);

        await FailFiveTimesAsync(username);

        Assert.Equal(2, await LockoutCountAsync(username));
        Assert.Equal((true, true), await ProbeLockoutAsync(username, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task SuccessfulSignIn_ResetsTheLockoutCount_SoTheNextLockoutIsShortAgain()
    {
        var username = await AccountPages.CreateUserAsync(server);
        await FailFiveTimesAsync(username);
        server.Clock.Advance(TimeSpan.FromMinutes(5) + JustAfter);
        Assert.True(await CanSignInAsync(username));
        Assert.Equal(0, await LockoutCountAsync(username));

        await FailFiveTimesAsync(username);

        Assert.Equal(1, await LockoutCountAsync(username));
        Assert.Equal((true, true), await ProbeLockoutAsync(username, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task SuccessfulSignIn_ResetsTheFailureCount()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using (var browser = server.NewBrowser())
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                await AccountPages.SignInAsync(browser, username, "wrong password " + attempt);
            }
        }
        Assert.True(await CanSignInAsync(username));

        using (var browser = server.NewBrowser())
        {
            await AccountPages.SignInAsync(browser, username, "one more wrong password");
        }

        Assert.True(await CanSignInAsync(username));
    }

    [Fact]
    public async Task RepeatedLockouts_AreCappedAtMaxLockoutDuration()
    {
        var username = await AccountPages.CreateUserAsync(server);
        await FailFiveTimesAsync(username);
        server.Clock.Advance(TimeSpan.FromMinutes(5) + JustAfter);
        await FailFiveTimesAsync(username);
        server.Clock.Advance(TimeSpan.FromMinutes(10) + JustAfter);

        await FailFiveTimesAsync(username);

        // Doubling would give 20 minutes; the configured cap is 15.
        Assert.Equal(3, await LockoutCountAsync(username));
        Assert.Equal((true, true), await ProbeLockoutAsync(username, TimeSpan.FromMinutes(15)));
    }
}
