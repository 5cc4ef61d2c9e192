using System.Net;
using Identity.Server.Security;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>A server behind a (pretend) reverse proxy whose surfaces each have a failure limit of their own.</summary>
public sealed class PerSurfaceLimitServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Security:TrustForwardedHeaders", "true"),
        new("Security:FailureRateLimit:Window", "00:10:00"),
        new("Security:FailureRateLimit:SignIn:PermitLimit", "3"),
        new("Security:FailureRateLimit:SignIn:Window", "00:05:00"),
        new("Security:FailureRateLimit:ClientAuthentication:PermitLimit", "2"),
        new("Security:FailureRateLimit:ManagementApi:PermitLimit", "4"),
        new("Security:FailureRateLimit:ManagementApi:Window", "00:02:00"),
    ];
}

/// <summary>Each surface is refused past its own limit, for its own window; social callbacks count with sign-ins.</summary>
public sealed class FailureRateLimitPerSurfaceTests(PerSurfaceLimitServerFactory server) : IClassFixture<PerSurfaceLimitServerFactory>
{
    [Theory]
    [InlineData(FailureSurface.SignIn, 3, 5, "198.51.100.61")]
    [InlineData(FailureSurface.ClientAuthentication, 2, 10, "198.51.100.62")] // the section's window: not overridden
    [InlineData(FailureSurface.ManagementApi, 4, 2, "198.51.100.63")]
    public async Task EachSurface_IsRefusedPastItsOwnLimit_ForItsOwnWindow(FailureSurface surface, int limit, int windowMinutes, string address)
    {
        using var callers = new CallersAtAddress(server, address);
        await callers.FailAsync(surface, limit);

        var (status, retryAfter) = await callers.FailAsync(surface);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(TimeSpan.FromMinutes(windowMinutes), retryAfter);
    }

    [Fact]
    public async Task FailedSocialCallbacks_CountWithFailedSignIns_AndAreRefusedWithThem()
    {
        using var callers = new CallersAtAddress(server, "198.51.100.64");
        using var browser = callers.NewBrowser();
        await callers.FailAsync(FailureSurface.SignIn, 2);

        // No attempt was started in this browser: the state cannot be right.
        var forged = await browser.GoAsync("/callback/any-connector?code=guessed&state=forged");
        var refusedCallback = await browser.GoAsync("/callback/any-connector?code=guessed&state=forged");
        var refusedSignIn = await browser.GoAsync("/sign-in");

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedCallback.Status);
        Assert.Equal("Too many attempts", refusedCallback.Heading);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedSignIn.Status);
        Assert.True(await callers.IsServedAsync(FailureSurface.ClientAuthentication));
    }
}

/// <summary>The social sign-in server, behind a (pretend) reverse proxy, with a sign-in failure limit of 2.</summary>
public sealed class SocialLimitServerFactory : SocialServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Security:TrustForwardedHeaders", "true"), new("Security:FailureRateLimit:SignIn:PermitLimit", "2")];
}

/// <summary>
/// A callback the provider refused (an error, a code it would not redeem) is a failed sign-in: whoever sends callbacks
/// can cause it at will. A provider that is down is nobody's attempt: counting it would lock out everyone behind an
/// address that keeps trying while it is down.
/// </summary>
public sealed class SocialCallbackFailureLimitTests(SocialLimitServerFactory server) : IClassFixture<SocialLimitServerFactory>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        server.Upstream.Behaviour = new();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Clicks "Continue with OAuth2" on the sign-in page and follows the provider's round trip back to the callback.</summary>
    private static async Task<PageResult> ContinueWithAcmeAsync(BrowserSession browser)
    {
        var signIn = await browser.GoAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        return await browser.SubmitAsync(signIn, new Dictionary<string, string>(), formAction: "/social/" + SocialServerFactory.AcmeConnector);
    }

    [Fact]
    public async Task CallbacksTheProviderRefused_CountAsFailedSignIns()
    {
        server.Upstream.Behaviour.AuthorizeError = "invalid_scope";
        using var callers = new CallersAtAddress(server, "198.51.100.71");
        using var browser = callers.NewBrowser();

        var first = await ContinueWithAcmeAsync(browser);
        var second = await ContinueWithAcmeAsync(browser);
        var refused = await browser.GoAsync("/sign-in");

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway], [first.Status, second.Status]);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
    }

    [Fact]
    public async Task CallbacksFailedByAnUnavailableProvider_AreNotCounted()
    {
        server.Upstream.Behaviour.TokenStatus = HttpStatusCode.ServiceUnavailable;
        using var callers = new CallersAtAddress(server, "198.51.100.72");
        using var browser = callers.NewBrowser();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.BadGateway, (await ContinueWithAcmeAsync(browser)).Status);
        }

        // Three failures past a limit of two, and the sign-in page is still served.
        Assert.Equal(HttpStatusCode.OK, (await browser.GoAsync("/sign-in")).Status);
    }
}
