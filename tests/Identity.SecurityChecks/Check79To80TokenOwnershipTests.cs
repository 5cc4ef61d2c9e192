using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Checks 79–80: a token belongs to the client it was issued to. Only that client may revoke it (RFC 7009 2.1; any
/// other client gets 200 and nothing is revoked), and only that client, or a resource server the token is for, may
/// learn more than <c>{"active":false}</c> about it at introspection (RFC 7662 2.2 and 4).
/// </summary>
public abstract class Check79To80TokenOwnershipChecks(CheckServer server)
{
    [Fact]
    public async Task Check79_Revocation_OfAnotherClientsAccessToken_RevokesNothing()
    {
        var managementToken = await ManagementTokenAsync();
        using var http = server.NewBackChannel();

        var revoke = await Oidc.RevokeAsync(http, managementToken, CheckSeed.WebId, CheckSeed.WebSecret);

        Assert.Equal(200, revoke.Status);
        Assert.Equal(HttpStatusCode.OK, await ManagementApiStatusAsync(managementToken));
    }

    [Fact]
    public async Task Check79_Revocation_ByAPublicClientSendingOnlyItsClientId_RevokesNothing()
    {
        var managementToken = await ManagementTokenAsync();
        using var http = server.NewBackChannel();

        var revoke = await Oidc.RevokeAsync(http, managementToken, CheckSeed.SpaId);

        Assert.Equal(200, revoke.Status);
        Assert.Equal(HttpStatusCode.OK, await ManagementApiStatusAsync(managementToken));
    }

    [Fact]
    public async Task Check79_Revocation_OfAnotherWebAppsUsersTokens_RevokesNothing()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        var revokeAccess = await Oidc.RevokeAsync(http, tokens.AccessToken!, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret);
        var revokeRefresh = await Oidc.RevokeAsync(http, tokens.RefreshToken!, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret);

        Assert.Equal(200, revokeAccess.Status);
        Assert.Equal(200, revokeRefresh.Status);
        Assert.NotNull(await SessionChecks.UserInfoSubjectAsync(server, tokens.AccessToken!));
        var refreshed = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
    }

    [Fact]
    public async Task Check79_Revocation_ByTheTokensOwnClient_OfItsAccessAndRefreshTokens_TakesEffect()
    {
        using var http = server.NewBackChannel();

        // A confidential web app with HTTP Basic, as @logto/node signs out.
        using (var browser = server.NewBrowser())
        {
            var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
            Assert.Equal(200, (await Oidc.RevokeAsync(http, tokens.AccessToken!, CheckSeed.WebId, CheckSeed.WebSecret)).Status);
            Assert.Equal(200, (await Oidc.RevokeAsync(http, tokens.RefreshToken!, CheckSeed.WebId, CheckSeed.WebSecret)).Status);

            using var userInfo = await Oidc.UserInfoAsync(http, tokens.AccessToken!);
            Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
            Assert.Equal("invalid_grant", (await Oidc.RefreshAsync(http, tokens.RefreshToken!)).Error);
        }

        // A public SPA with only its client_id, as Logto's browser SDK signs out.
        using (var browser = server.NewBrowser())
        {
            var pkce = Pkce.Create();
            var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, pkce: pkce));
            var tokens = await Oidc.RedeemAsync(http, landing.CallbackParameters["code"], CheckSeed.SpaRedirect, CheckSeed.SpaId, secret: null,
                verifier: pkce.Verifier);
            Assert.True(tokens.IsSuccess, tokens.Raw);
            Assert.Equal(200, (await Oidc.RevokeAsync(http, tokens.AccessToken!, CheckSeed.SpaId)).Status);
            Assert.Equal(200, (await Oidc.RevokeAsync(http, tokens.RefreshToken!, CheckSeed.SpaId)).Status);

            using var userInfo = await Oidc.UserInfoAsync(http, tokens.AccessToken!);
            Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
            Assert.Equal("invalid_grant", (await Oidc.RefreshAsync(http, tokens.RefreshToken!, CheckSeed.SpaId, secret: null)).Error);
        }

        // A machine-to-machine app, its own Management API token.
        var managementToken = await ManagementTokenAsync();
        Assert.Equal(200, (await Oidc.RevokeAsync(http, managementToken, CheckSeed.ManagementId, CheckSeed.ManagementSecret)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await ManagementApiStatusAsync(managementToken));
    }

    [Fact]
    public async Task Check80_Introspection_OfAnotherClientsToken_SaysOnlyInactive()
    {
        var managementToken = await ManagementTokenAsync();
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        var probes = new (string Token, string ClientId, string Secret)[]
        {
            (managementToken, CheckSeed.WebId, CheckSeed.WebSecret),
            (tokens.AccessToken!, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret),
            (tokens.RefreshToken!, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret),
            (tokens.AccessToken!, CheckSeed.ManagementId, CheckSeed.ManagementSecret),
        };
        foreach (var (token, clientId, secret) in probes)
        {
            var answer = await Oidc.IntrospectAsync(http, token, clientId, secret);

            Assert.Equal(200, answer.Status);
            Assert.True(IsOnlyInactive(answer.Json), $"{clientId} learned about another client's token: {answer.Raw}");
        }

        // Asking changed nothing: the tokens still work.
        Assert.Equal(HttpStatusCode.OK, await ManagementApiStatusAsync(managementToken));
        Assert.NotNull(await SessionChecks.UserInfoSubjectAsync(server, tokens.AccessToken!));
    }

    [Fact]
    public async Task Check80_Introspection_OfItsOwnToken_ShowsActiveAndItsClaims()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var subject = SessionChecks.Claim(tokens.IdToken!, "sub");
        using var http = server.NewBackChannel();

        var access = await Oidc.IntrospectAsync(http, tokens.AccessToken!, CheckSeed.WebId, CheckSeed.WebSecret);
        AssertActive(access, "access_token", subject!, CheckSeed.WebId);
        var refresh = await Oidc.IntrospectAsync(http, tokens.RefreshToken!, CheckSeed.WebId, CheckSeed.WebSecret);
        AssertActive(refresh, "refresh_token", subject!, CheckSeed.WebId);

        var managementToken = await ManagementTokenAsync();
        var management = await Oidc.IntrospectAsync(http, managementToken, CheckSeed.ManagementId, CheckSeed.ManagementSecret);
        AssertActive(management, "access_token", CheckSeed.ManagementId, CheckSeed.ManagementId);
    }

    private static bool IsOnlyInactive(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.EnumerateObject().Count() == 1 &&
        answer.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.False;

    private static void AssertActive(TokenResponse answer, string usage, string subject, string clientId)
    {
        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True, answer.Raw);
        Assert.Equal(usage, answer.Get("token_usage"));
        Assert.Equal(subject, answer.Get("sub"));
        Assert.Equal(clientId, answer.Get("client_id"));
        // An access token is a JWT with its own identifier; a refresh token is only ever read back by this server.
        if (usage == "access_token") Assert.False(string.IsNullOrEmpty(answer.Get("jti")), answer.Raw);
        Assert.Equal(JsonValueKind.Number, answer.Json.GetProperty("iat").ValueKind);
        Assert.Equal(JsonValueKind.Number, answer.Json.GetProperty("exp").ValueKind);
    }

    /// <summary>A fresh Management API access token of the seeded machine-to-machine app.</summary>
    private async Task<string> ManagementTokenAsync()
    {
        using var management = await SessionChecks.ManagementClientAsync(server);
        return management.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    private async Task<HttpStatusCode> ManagementApiStatusAsync(string accessToken)
    {
        using var http = server.NewBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.GetAsync("/api/applications");
        return response.StatusCode;
    }
}

public sealed class Check79To80TokenOwnershipTests(CheckServer server)
    : Check79To80TokenOwnershipChecks(server), IClassFixture<CheckServer>;

public sealed class Check79To80TokenOwnershipOnPostgreSqlTests(PostgresCheckServer server)
    : Check79To80TokenOwnershipChecks(server), IClassFixture<PostgresCheckServer>;
