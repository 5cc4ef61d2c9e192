using System.Net;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// Access tokens are JWTs without a row (the token path writes none for them), yet everything that ended one through its
/// row still ends it at once: revoking it, a replayed code or refresh token, revoking the user's grants, deleting the
/// application that holds it. Checked where tokens are accepted: userinfo, introspection and the Management API.
/// </summary>
public sealed class AccessTokenStateTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    [Fact]
    public async Task AccessTokens_AreIssuedWithoutARow_AndWorkAtUserInfo()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();

        using var userInfo = await Flows.UserInfoAsync(http, tokens.AccessToken!);

        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        var subject = Jwt.Payload(tokens.AccessToken!).GetProperty("sub").GetString()!;
        var rows = await server.WithScopeAsync(services => services.GetRequiredService<IdentityDataContext>()
            .Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>()
            .CountAsync(t => t.Subject == subject && t.Type == "urn:ietf:params:oauth:token-type:access_token"));
        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task RevokingAnAccessToken_EndsItAtUserInfoAndIntrospection_AtOnce()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();
        Assert.True(await IsActiveAsync(http, tokens.AccessToken!));

        var revoked = await RevokeAsync(http, tokens.AccessToken!, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.Equal(HttpStatusCode.OK, revoked);
        using var userInfo = await Flows.UserInfoAsync(http, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        Assert.False(await IsActiveAsync(http, tokens.AccessToken!));
    }

    [Fact]
    public async Task RevokingOneAccessToken_LeavesTheSameGrantsOtherAccessTokensAlone()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();
        var refreshed = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken,
        }, (TestApps.TraditionalId, TestApps.TraditionalSecret));
        Assert.True(refreshed.IsSuccess, refreshed.Raw);

        var revoked = await RevokeAsync(http, tokens.AccessToken!, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.False(await IsActiveAsync(http, tokens.AccessToken!));
        Assert.True(await IsActiveAsync(http, refreshed.AccessToken!));
    }

    [Fact]
    public async Task ARefreshTokenReplayedAfterTheLeeway_EndsTheAccessTokensOfItsGrant()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();
        var refreshed = await RefreshAsync(http, tokens.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);

        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var replay = await RefreshAsync(http, tokens.RefreshToken!);

        Assert.Equal("invalid_grant", replay.Error);
        using var first = await Flows.UserInfoAsync(http, tokens.AccessToken!);
        using var newest = await Flows.UserInfoAsync(http, refreshed.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newest.StatusCode);
    }

    [Fact]
    public async Task AccessTokensIssuedAfterAReplay_FromANewSignIn_Work()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();
        Assert.True((await RefreshAsync(http, tokens.RefreshToken!)).IsSuccess);
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("invalid_grant", (await RefreshAsync(http, tokens.RefreshToken!)).Error);

        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var (_, again) = await SignUpAtTheTraditionalAppAsync();

        using var userInfo = await Flows.UserInfoAsync(http, again.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
    }

    [Fact]
    public async Task DeletingAMachineToMachineApp_EndsItsAccessTokensAtTheManagementApi()
    {
        var id = "robot-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = await server.AdminClientAsync();
        var created = await (await admin.PostJsonAsync("/api/applications",
            $$"""{"id":"{{id}}","name":"Robot","type":"MachineToMachine","scopes":["management"]}""")).ExpectAsync(201);
        var token = await server.ClientCredentialsTokenAsync(id, created.Str("secret"), "management");
        using var robot = server.ClientWith(token);
        await (await robot.GetAsync("/api/applications")).ExpectAsync(200);

        (await admin.DeleteAsync($"/api/applications/{id}")).EnsureSuccessStatusCode();

        using var after = await robot.GetAsync("/api/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task DeletingAWebApp_EndsItsUsersAccessTokensAtUserInfo()
    {
        var id = "web-" + Guid.NewGuid().ToString("N")[..8];
        const string redirect = "http://127.0.0.1:3999/callback";
        using var admin = await server.AdminClientAsync();
        var created = await (await admin.PostJsonAsync("/api/applications",
            $$"""{"id":"{{id}}","name":"Doomed web app","type":"Traditional","redirectUris":["{{redirect}}"]}""")).ExpectAsync(201);
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword, id, redirect, pkce);
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], id, redirect, pkce.Verifier, created.Str("secret"), basic: true);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        using (var before = await Flows.UserInfoAsync(http, tokens.AccessToken!))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        (await admin.DeleteAsync($"/api/applications/{id}")).EnsureSuccessStatusCode();

        using var after = await Flows.UserInfoAsync(http, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task RevokingAManagementToken_EndsItAtTheManagementApi()
    {
        var token = await server.ClientCredentialsTokenAsync(ManagementServerFactory.AdminId, ManagementServerFactory.AdminSecret, "management");
        using var robot = server.ClientWith(token);
        await (await robot.GetAsync("/api/applications")).ExpectAsync(200);
        using var http = server.NewBackChannel();

        var revoked = await RevokeAsync(http, token, (ManagementServerFactory.AdminId, ManagementServerFactory.AdminSecret));

        Assert.Equal(HttpStatusCode.OK, revoked);
        using var after = await robot.GetAsync("/api/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ARevocationMark_IsKeptUntilTheTokenItEndsWouldHaveExpired()
    {
        var (_, tokens) = await SignUpAtTheTraditionalAppAsync();
        using var http = server.NewBackChannel();

        var revoked = await RevokeAsync(http, tokens.AccessToken!, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.Equal(HttpStatusCode.OK, revoked);
        var payload = Jwt.Payload(tokens.AccessToken!);
        var jti = payload.GetProperty("jti").GetString()!;
        var mark = await server.WithScopeAsync(services => services.GetRequiredService<IdentityDataContext>()
            .AccessTokenRevocations.AsNoTracking().SingleAsync(r => r.Id == "jti:" + jti));
        Assert.Equal(payload.GetProperty("exp").GetInt64(), mark.ExpiresAt);
    }

    private async Task<(string Username, TokenResponse Tokens)> SignUpAtTheTraditionalAppAsync()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var username = Flows.NewUsername();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, username, Flows.GoodPassword,
            TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce, scope: "openid offline_access");
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.TraditionalId, TestApps.TraditionalRedirect,
            pkce.Verifier, TestApps.TraditionalSecret, basic: true);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return (username, tokens);
    }

    private static Task<TokenResponse> RefreshAsync(HttpClient http, string refreshToken) =>
        Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            (TestApps.TraditionalId, TestApps.TraditionalSecret));

    private static async Task<bool> IsActiveAsync(HttpClient http, string token)
    {
        var response = await OidcRequests.PostFormAsync(http, "/oidc/token/introspection",
            new Dictionary<string, string?> { ["token"] = token }, (TestApps.TraditionalId, TestApps.TraditionalSecret));
        Assert.True(response.IsSuccess, response.Raw);
        return response.Json.GetProperty("active").GetBoolean();
    }

    // RFC 7009: the answer is 200 with an empty body, whether or not the token was known.
    private static async Task<HttpStatusCode> RevokeAsync(HttpClient http, string token, (string Id, string Secret) client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/token/revocation")
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{client.Id}:{client.Secret}")));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
