using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>A server with the product's default failure limit (100 a minute per client address, on each surface).</summary>
public sealed class DefaultLimitServer : CheckServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();
}

/// <summary>
/// Check 56: one address guessing over many usernames is slowed down, whatever names it tries; failures on one surface
/// (a job's client authentication) do not slow down another (people signing in from the same address).
/// </summary>
public sealed class Check56FailureRateLimitTests(DefaultLimitServer server) : IClassFixture<DefaultLimitServer>
{
    [Fact]
    public async Task Check56_HundredFailedSignInsFromOneAddress_OverManyUsernames_ThenA429WithRetryAfter()
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in");
        for (var i = 0; i < 100; i++)
        {
            var failed = await Oidc.SubmitSignInAsync(browser, page, $"guess_{i}", "password guess " + i);
            Assert.Equal(HttpStatusCode.OK, failed.Status);
        }

        var limited = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Alice, CheckSeed.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        var retryAfter = limited.Response!.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1), $"Retry-After: {retryAfter}");
        Assert.False(await HostedForms.IsSignedInAsync(browser), "The limited attempt signed in.");

        // Once the window has passed, the address may try again (and the right password works).
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await HostedForms.SignInAsync(browser, CheckSeed.Alice, CheckSeed.Password);
        Assert.True(await HostedForms.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Check56_HundredFailedClientAuthenticationsFromOneAddress_ThenAPersonThereStillSignsIn()
    {
        using var job = server.NewBackChannel();
        var form = new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" };
        for (var i = 0; i < 100; i++)
        {
            var failed = await Oidc.PostTokenAsync(job, form, (CheckSeed.ManagementId, "wrong secret " + i));
            Assert.Equal(401, failed.Status);
        }
        var limited = await Oidc.PostTokenAsync(job, form, (CheckSeed.ManagementId, CheckSeed.ManagementSecret));
        Assert.Equal(429, limited.Status);

        using var browser = server.NewBrowser();
        var signedIn = await HostedForms.SignInAsync(browser, CheckSeed.Bob, CheckSeed.Password);

        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
        Assert.True(await HostedForms.IsSignedInAsync(browser), $"The sign-in did not take: {signedIn.Url} {signedIn.Alert}");

        // The job's own limit still holds until its window ends.
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.True((await Oidc.PostTokenAsync(job, form, (CheckSeed.ManagementId, CheckSeed.ManagementSecret))).IsSuccess);
    }
}
