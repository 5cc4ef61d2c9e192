using System.Diagnostics;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 52–54: an attacker guessing passwords learns nothing about which accounts exist, and is stopped.</summary>
public sealed class Check52To54AccountGuessingTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check52_WrongPasswordAndUnknownUser_AreIndistinguishableInStatusBodyHeadersAndTiming()
    {
        var existing = await CreateUserAsync();
        var unknown = "nobody_" + existing[5..]; // same length, so the echoed name cannot differ in size either
        using var browser = server.NewBrowser();

        var wrong = await HostedForms.SignInAsync(browser, existing, "not the password at all");
        var missing = await HostedForms.SignInAsync(browser, unknown, "not the password at all");
        Assert.Equal(wrong.Status, missing.Status);
        Assert.Equal(HostedForms.Normalized(wrong.Html, existing), HostedForms.Normalized(missing.Html, unknown));
        Assert.Equal(HeaderNames(wrong), HeaderNames(missing));

        // 50 timed tries of each, interleaved so machine load falls on both alike; the account locks after five
        // failures, so most "wrong password" tries meet a locked account, which must cost the same as well.
        var page = await browser.GoAsync("/sign-in");
        var wrongTimes = new List<double>();
        var missingTimes = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            wrongTimes.Add(await TimeAsync(() => Oidc.SubmitSignInAsync(browser, page, existing, "not the password at all")));
            missingTimes.Add(await TimeAsync(() => Oidc.SubmitSignInAsync(browser, page, unknown, "not the password at all")));
        }

        var wrongMedian = Median(wrongTimes);
        var missingMedian = Median(missingTimes);
        Assert.True(Math.Abs(wrongMedian - missingMedian) <= 0.2 * Math.Max(wrongMedian, missingMedian),
            $"Median sign-in time: wrong password {wrongMedian:F1} ms, unknown user {missingMedian:F1} ms (more than 20 % apart).");
    }

    [Fact]
    public async Task Check53_LockedAccountWithTheRightPassword_GetsTheSameAnswerAsAWrongPassword()
    {
        var username = await CreateUserAsync();
        using var browser = server.NewBrowser();
        PageResult wrong = null!;
        for (var i = 0; i < 5; i++)
        {
            wrong = await HostedForms.SignInAsync(browser, username, "wrong password number " + i);
        }

        var lockedWithRightPassword = await HostedForms.SignInAsync(browser, username, CheckSeed.Password);

        Assert.Null(lockedWithRightPassword.LeftServerTo);
        Assert.Equal(wrong.Status, lockedWithRightPassword.Status);
        Assert.Equal(wrong.Alert, lockedWithRightPassword.Alert);
        Assert.Equal(HostedForms.Normalized(wrong.Html, username), HostedForms.Normalized(lockedWithRightPassword.Html, username));
        Assert.False(await HostedForms.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Check54_FiveFailuresLockUntilTheWindowPasses_AndASuccessResetsTheCount()
    {
        // Four failures, then a success: the count starts over, so four more failures still do not lock.
        var username = await CreateUserAsync();
        using (var browser = server.NewBrowser())
        {
            for (var i = 0; i < 4; i++) await HostedForms.SignInAsync(browser, username, "wrong password " + i);
            await HostedForms.SignInAsync(browser, username, CheckSeed.Password);
            Assert.True(await HostedForms.IsSignedInAsync(browser));
        }
        using (var browser = server.NewBrowser())
        {
            for (var i = 0; i < 4; i++) await HostedForms.SignInAsync(browser, username, "wrong password " + i);
            await HostedForms.SignInAsync(browser, username, CheckSeed.Password);
            Assert.True(await HostedForms.IsSignedInAsync(browser), "Four failures after a success locked the account.");
        }

        // A fifth consecutive failure locks: the right password is refused until the five minutes have passed.
        var locked = await CreateUserAsync();
        using var attacker = server.NewBrowser();
        for (var i = 0; i < 5; i++) await HostedForms.SignInAsync(attacker, locked, "wrong password " + i);

        using var owner = server.NewBrowser();
        await HostedForms.SignInAsync(owner, locked, CheckSeed.Password);
        Assert.False(await HostedForms.IsSignedInAsync(owner), "The right password got in during the lockout.");

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await HostedForms.SignInAsync(owner, locked, CheckSeed.Password);
        Assert.True(await HostedForms.IsSignedInAsync(owner), "The right password was refused after the lockout ended.");
    }

    private async Task<string> CreateUserAsync()
    {
        var username = HostedForms.NewUsername();
        using var browser = server.NewBrowser();
        var registered = await HostedForms.RegisterAsync(browser, username, CheckSeed.Password);
        Assert.True(registered.Status == System.Net.HttpStatusCode.OK && registered.Alert is null, registered.Html);
        return username;
    }

    private static async Task<double> TimeAsync(Func<Task> attempt)
    {
        var watch = Stopwatch.StartNew();
        await attempt();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static List<string> HeaderNames(PageResult page) =>
        [.. page.Response!.Headers.Select(h => h.Key).Concat(page.Response.Content.Headers.Select(h => h.Key)).Where(n => n != "Date").Order()];
}
