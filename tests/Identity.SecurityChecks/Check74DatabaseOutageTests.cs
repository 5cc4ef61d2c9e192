using System.Diagnostics;
using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Check 74: the database goes away between authorize and token, then comes back.</summary>
public sealed class Check74DatabaseOutageTests(PostgresCheckServer server) : IClassFixture<PostgresCheckServer>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Check74_DatabaseDownBetweenAuthorizeAndToken_FailsFastWith503_ThenWorksWithoutARestart_OneTokenSetPerCode()
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        var code = landing.CallbackParameters["code"];
        using var http = server.NewBackChannel();

        await server.Database.CutOffAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            var during = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
            Assert.True(watch.Elapsed < Quickly, $"The token endpoint took {watch.Elapsed.TotalSeconds:F1} s to fail.");
            Assert.Equal(503, during.Status);
            Assert.Equal("temporarily_unavailable", during.Error);

            using var page = await http.GetAsync("/sign-in");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.NotNull(page.Headers.RetryAfter);
            Assert.DoesNotContain("Exception", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await server.Database.RestoreAsync();
        }

        // Back without a restart: the code from before the outage is redeemed once, and only once.
        var after = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.True(after.IsSuccess, after.Raw);
        var again = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.Equal("invalid_grant", again.Error);

        using var fresh = server.NewBrowser();
        var newFlow = await Oidc.SignInThroughAuthorizeAsync(fresh, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect), CheckSeed.Bob);
        Assert.True((await Oidc.RedeemAsync(http, newFlow.CallbackParameters["code"], CheckSeed.WebRedirect)).IsSuccess);
    }
}
