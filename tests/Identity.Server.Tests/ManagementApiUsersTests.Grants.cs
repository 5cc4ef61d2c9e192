using System.Net;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// Security check 38: after a password change or an admin's revoke, the user's refresh tokens get invalid_grant, their
/// access tokens 401 at userinfo, in every app, and their sign-in session is gone.
/// </summary>
public sealed partial class ManagementApiUsersTests
{
    /// <summary>A new user signed in through the SPA and, in the same browser session, through the confidential web app.</summary>
    private async Task<(string UserId, TokenResponse Spa, TokenResponse Web)> SignedInEverywhereAsync(BrowserSession browser)
    {
        var (_, spa) = await Flows.SignUpAndRedeemAsync(server, browser);
        var pkce = Pkce.Create();
        var landing = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce));
        Assert.True(landing.CallbackParameters.ContainsKey("code"), $"Ended on {landing.Url} ({landing.Status})");
        using var http = server.NewBackChannel();
        var web = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.TraditionalId, TestApps.TraditionalRedirect,
            pkce.Verifier, TestApps.TraditionalSecret);
        Assert.True(web.IsSuccess, web.Raw);
        return (Jwt.Payload(spa.IdToken!).GetProperty("sub").GetString()!, spa, web);
    }

    private async Task AssertEverythingEndedAsync(BrowserSession browser, string userId, TokenResponse spa, TokenResponse web)
    {
        using var http = server.NewBackChannel();
        Assert.Equal("invalid_grant", (await Flows.RefreshAsync(http, spa.RefreshToken!, TestApps.SpaId)).Error);
        var webRefresh = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = web.RefreshToken, ["client_id"] = TestApps.TraditionalId,
            ["client_secret"] = TestApps.TraditionalSecret,
        });
        Assert.Equal("invalid_grant", webRefresh.Error);
        foreach (var accessToken in new[] { spa.AccessToken!, web.AccessToken! })
        {
            using var userInfo = await Flows.UserInfoAsync(http, accessToken);
            Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        }

        // The browser's session is over: a new authorization asks for credentials instead of issuing a code.
        var again = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create()));
        Assert.Equal("/sign-in", again.Url.AbsolutePath);
        Assert.Equal(0, await server.WithScopeAsync(services =>
            services.GetRequiredService<IdentityDataContext>().Sessions.CountAsync(s => s.UserId == userId)));
    }

    [Fact]
    public async Task SetPassword_EndsTheUsersTokensInEveryApp_AndTheirSession()
    {
        using var browser = server.NewBrowser();
        var (userId, spa, web) = await SignedInEverywhereAsync(browser);
        using (var http = server.NewBackChannel())
        using (var before = await Flows.UserInfoAsync(http, spa.AccessToken!))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        using var admin = await server.AdminClientAsync();

        await (await admin.PatchJsonAsync($"/api/users/{userId}/password", """{"password":"a completely different passphrase 7"}""")).ExpectAsync(200);

        await AssertEverythingEndedAsync(browser, userId, spa, web);
    }

    [Fact]
    public async Task RevokeGrants_EndsTheUsersTokensInEveryApp_AndTheirSession_ButKeepsTheAccount()
    {
        using var browser = server.NewBrowser();
        var (userId, spa, web) = await SignedInEverywhereAsync(browser);
        using var admin = await server.AdminClientAsync();

        await (await admin.DeleteAsync($"/api/users/{userId}/grants")).ExpectAsync(204);

        await AssertEverythingEndedAsync(browser, userId, spa, web);
        var user = await (await admin.GetAsync($"/api/users/{userId}")).ExpectAsync(200);
        Assert.True(await CanSignInAsync(user.Str("username"), Flows.GoodPassword));
    }

    [Fact]
    public async Task RevokeGrants_LeavesOtherUsersAlone()
    {
        using var revokedBrowser = server.NewBrowser();
        using var otherBrowser = server.NewBrowser();
        var (revokedId, _, _) = await SignedInEverywhereAsync(revokedBrowser);
        var (_, other) = await Flows.SignUpAndRedeemAsync(server, otherBrowser);
        using var admin = await server.AdminClientAsync();

        await (await admin.DeleteAsync($"/api/users/{revokedId}/grants")).ExpectAsync(204);

        using var http = server.NewBackChannel();
        using var userInfo = await Flows.UserInfoAsync(http, other.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        Assert.True((await Flows.RefreshAsync(http, other.RefreshToken!, TestApps.SpaId)).IsSuccess);
    }

    [Fact]
    public async Task RevokeGrants_UnknownId_Is404()
    {
        using var admin = await server.AdminClientAsync();

        await (await admin.DeleteAsync("/api/users/no-such-user/grants")).ExpectAsync(404);
    }
}
