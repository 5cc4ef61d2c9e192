using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Check 22, on a server of its own because it moves the clock past every code the other checks hold.</summary>
public sealed class Check22CodeLifetimeTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check22_CodeRedeemedAfterItsLifetime_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        using var http = server.NewBackChannel();

        // OpenIddict's code lifetime is 5 minutes; one second past it the code is dead.
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var tokens = await Oidc.RedeemAsync(http, landing.CallbackParameters["code"], CheckSeed.WebRedirect);

        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }
}
