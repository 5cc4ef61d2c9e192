using System.IdentityModel.Tokens.Jwt;
using System.Net;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using TokenTypeIdentifiers = OpenIddict.Abstractions.OpenIddictConstants.TokenTypeIdentifiers;

namespace Identity.Server.Tests;

/// <summary>
/// A standard OpenID Connect client library (Duende's OidcClient) against the real server: sign up on the hosted
/// page, code exchange with PKCE, userinfo, refresh with rotation, sign-out.
/// </summary>
public sealed class OidcClientJourneyTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Theory]
    [InlineData(TestApps.SpaId, null, TestApps.SpaRedirect, TestApps.SpaPostLogout)]
    [InlineData(TestApps.TraditionalId, TestApps.TraditionalSecret, TestApps.TraditionalRedirect, TestApps.TraditionalPostLogout)]
    public async Task OidcClient_SignUpRefreshAndSignOut_Completes(string clientId, string? secret, string redirectUri, string postLogoutUri)
    {
        using var session = server.NewBrowser();
        var username = Flows.NewUsername();
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = server.Issuer,
            ClientId = clientId,
            ClientSecret = secret,
            RedirectUri = redirectUri,
            PostLogoutRedirectUri = postLogoutUri,
            Scope = "openid profile offline_access",
            Browser = new HostedPagesBrowser(session, (browser, page) => browser.SubmitAsync(page, new Dictionary<string, string>
            {
                ["Username"] = username, ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
            })),
        });

        // Sign up first, as the tutorial's "interactionMode=signUp" asks.
        var login = await client.LoginAsync(new LoginRequest
        {
            FrontChannelExtraParameters = new Parameters { { "interaction_mode", "signUp" } },
        });

        Assert.False(login.IsError, login.Error + " " + login.ErrorDescription);
        Assert.Equal(username, login.User.FindFirst("username")?.Value);
        Assert.NotNull(login.RefreshToken);
        var idToken = new JwtSecurityTokenHandler().ReadJwtToken(login.IdentityToken);
        Assert.Equal(server.Issuer, idToken.Issuer);
        Assert.Equal([clientId], idToken.Audiences);

        // Userinfo answers for the access token.
        var userInfo = await client.GetUserInfoAsync(login.AccessToken);
        Assert.False(userInfo.IsError, userInfo.Error);
        Assert.Equal(idToken.Subject, userInfo.Claims.First(c => c.Type == "sub").Value);

        // Refresh rotates the refresh token.
        var refreshed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);

        // Only the refresh token (and the redeemed code) has a row: ID and access tokens are self-contained JWTs, checked
        // by signature, their grant and the revocation marks, so a grant writes no row for them.
        var stored = await StoredTokenTypesAsync(idToken.Subject);
        Assert.Contains(TokenTypeIdentifiers.RefreshToken, stored);
        Assert.DoesNotContain(TokenTypeIdentifiers.AccessToken, stored);
        Assert.DoesNotContain(TokenTypeIdentifiers.IdentityToken, stored);

        // Sign-out with the ID token as hint ends the session and returns to the app without a prompt.
        var logout = await client.LogoutAsync(new LogoutRequest { IdTokenHint = refreshed.IdentityToken, BrowserTimeout = 5 });
        Assert.False(logout.IsError, logout.Error);
        var afterLogout = await session.GoAsync(Flows.AuthorizeUrl(clientId, redirectUri, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        Assert.Equal("login_required", afterLogout.CallbackParameters["error"]);

        // The rotated-out refresh token dies once the reuse leeway has passed.
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var replay = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.True(replay.IsError);
        Assert.Equal("invalid_grant", replay.Error);
    }

    private async Task<string[]> StoredTokenTypesAsync(string subject)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var token in tokens.FindBySubjectAsync(subject))
        {
            types.Add((await tokens.GetTypeAsync(token))!);
        }
        return [.. types];
    }

    [Fact]
    public async Task OidcClient_IdTokenAudience_IsASingleString()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);

        var payload = tokens.IdToken!.Split('.')[1];
        var json = System.Text.Json.JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(payload)).RootElement;

        Assert.Equal(System.Text.Json.JsonValueKind.String, json.GetProperty("aud").ValueKind);
        Assert.Equal(TestApps.SpaId, json.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task TokenResponse_Always_CarriesTokenTypeNumericExpiresInAndScope()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();
        var refreshed = await Flows.RefreshAsync(http, tokens.RefreshToken!, TestApps.SpaId);

        foreach (var response in new[] { tokens, refreshed })
        {
            Assert.True(response.IsSuccess, response.Raw);
            Assert.Equal("Bearer", response.Get("token_type"));
            Assert.Equal(System.Text.Json.JsonValueKind.Number, response.Json.GetProperty("expires_in").ValueKind);
            Assert.Equal(["offline_access", "openid", "profile"], response.Get("scope")!.Split(' ').Order());
            Assert.True(response.NoStore);
        }
    }

    [Fact]
    public async Task UserInfo_PostWithBearerHeader_ReturnsTheSameClaims()
    {
        using var browser = server.NewBrowser();
        var (username, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/me");
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);

        using var response = await http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(username, json.GetProperty("username").GetString());
    }
}
