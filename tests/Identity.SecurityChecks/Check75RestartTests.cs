using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 75: an app restart between authorize and token loses nothing: codes live in the database and the keys that
/// sign and encrypt them, and the Data Protection ring behind the sign-in cookie, are shared state there too.
/// On a server of its own, since it restarts it.
/// </summary>
public sealed class Check75RestartTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check75_RestartBetweenAuthorizeAndToken_CodeRedeemsOnce_AndTheSignInCookieStillWorks()
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        var code = landing.CallbackParameters["code"];
        var keysBefore = (await AuthorizationChecks.JwksAsync(server)).Keys.Select(k => k.Kid).Order().ToList();

        await server.RestartAsync();

        // The code issued before the restart redeems, once.
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.Equal(SessionChecks.Claim(tokens.IdToken!, "sub"), await SessionChecks.UserInfoSubjectAsync(server, tokens.AccessToken!));
        var replay = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.Equal("invalid_grant", replay.Error);

        // The same signing keys after the restart: the ID token's kid is published.
        Assert.Equal(keysBefore, (await AuthorizationChecks.JwksAsync(server)).Keys.Select(k => k.Kid).Order().ToList());
        Assert.Contains(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.IdToken).Kid, keysBefore);

        // The sign-in cookie from before the restart is still a session: a silent authorization gives a code at once.
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "The sign-in cookie issued before the restart no longer works.");
    }

    [Fact]
    public async Task Check75_RestartAfterTokens_RefreshTokenAndAccessTokenStillWork()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        await server.RestartAsync();

        Assert.NotNull(await SessionChecks.UserInfoSubjectAsync(server, tokens.AccessToken!));
        using var http = server.NewBackChannel();
        var refreshed = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
    }
}
