using System.Net;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Identity.SecurityChecks.Infrastructure.AuthorizationChecks;

namespace Identity.SecurityChecks;

/// <summary>Checks 18–26 (22 apart: it moves the clock): the code flow end to end and what a code is good for, once.</summary>
public sealed class Check18To26CodeRedemptionTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check18_HappyCodeFlow_CodeStateIss_NoStoreBearerTokens_IdTokenSignedAndValid()
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-18"));

        var callback = landing.CallbackParameters;
        Assert.StartsWith(CheckSeed.WebRedirect + "?", landing.LeftServerTo!.AbsoluteUri, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(callback.GetValueOrDefault("code")));
        Assert.Equal("state-18", callback["state"]);
        Assert.Equal(server.Issuer, callback["iss"]);

        using var http = server.NewBackChannel();
        var response = await PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code", ["code"] = callback["code"], ["redirect_uri"] = CheckSeed.WebRedirect,
        }, (CheckSeed.WebId, CheckSeed.WebSecret));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.True(response.NoStore, "The token response lacks Cache-Control: no-store.");
        Assert.Equal("Bearer", response.Get("token_type"));
        Assert.True(response.Json.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number && expiresIn.GetInt64() > 0,
            $"expires_in missing or not a positive number: {response.Body}");
        Assert.False(string.IsNullOrEmpty(response.Get("access_token")));

        var idToken = response.Get("id_token")!;
        var jwks = await JwksAsync(server);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer,
            ValidAudience = CheckSeed.WebId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        Assert.True(validation.IsValid, $"The ID token does not validate against the JWKS: {validation.Exception}");

        var token = new JsonWebToken(idToken);
        Assert.Equal(SecurityAlgorithms.RsaSha256, token.Alg);
        Assert.Contains(token.Kid, jwks.Keys.Select(k => k.Kid));
        Assert.Equal(server.Issuer, token.Issuer);
        Assert.Equal([CheckSeed.WebId], token.Audiences);
        Assert.False(string.IsNullOrEmpty(token.Subject));
        Assert.Equal("nonce-state-18", token.GetClaim("nonce").Value);
        var now = DateTimeOffset.UtcNow;
        Assert.True(token.IssuedAt <= now.UtcDateTime.AddMinutes(1), $"iat {token.IssuedAt:O} is in the future.");
        Assert.True(token.ValidTo > now.UtcDateTime, $"exp {token.ValidTo:O} has passed.");
        Assert.True(token.ValidTo > token.IssuedAt);
    }

    [Fact]
    public async Task Check19_ClientSecretPost_Succeeds_WrongSecretIs401InvalidClient()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();

        var wrongPost = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect, secret: "wrong-" + CheckSeed.WebSecret, basic: false);
        var wrongBasic = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect, secret: "wrong-" + CheckSeed.WebSecret, basic: true);
        var post = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect, basic: false);

        Assert.Equal((401, "invalid_client"), (wrongPost.Status, wrongPost.Error));
        Assert.Equal((401, "invalid_client"), (wrongBasic.Status, wrongBasic.Error));
        Assert.True(post.IsSuccess, post.Raw);
        Assert.False(string.IsNullOrEmpty(post.IdToken));
    }

    [Fact]
    public async Task Check20_CodeRedeemedByAnotherClient_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();

        var tokens = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect, CheckSeed.OtherWebId, CheckSeed.OtherWebSecret);

        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Fact]
    public async Task Check21_CodeFlowWithoutNonce_Succeeds_IdTokenHasNoNonce()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser, new Dictionary<string, string?> { ["nonce"] = null });
        using var http = server.NewBackChannel();

        var tokens = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);

        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.False(new JsonWebToken(tokens.IdToken).TryGetClaim("nonce", out _), "The ID token carries a nonce nobody sent.");
    }

    [Fact]
    public async Task Check23_TokenRedirectUriDifferentFromAuthorize_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();

        // Registered for the same client, yet not the one the code was issued for.
        var tokens = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirectWithQuery);

        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Fact]
    public async Task Check24_CodeRedeemedTwice_SecondIsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();

        var first = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        var second = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);

        Assert.True(first.IsSuccess, first.Raw);
        Assert.Equal("invalid_grant", second.Error);
        Assert.Null(second.AccessToken);
    }

    [Fact]
    public async Task Check25_DoubleRedemption_RevokesFirstAccessAndRefreshTokens()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();
        var first = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.True(first.IsSuccess, first.Raw);
        Assert.NotNull(first.RefreshToken);
        using (var before = await Oidc.UserInfoAsync(http, first.AccessToken!))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var second = await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        Assert.Equal("invalid_grant", second.Error);

        using var userInfo = await Oidc.UserInfoAsync(http, first.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        var refreshed = await Oidc.RefreshAsync(http, first.RefreshToken!);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Check26_TenParallelRedemptionsOfOneCode_ExactlyOneSucceeds()
    {
        using var browser = server.NewBrowser();
        var code = await SignInForCodeAsync(browser);
        using var http = server.NewBackChannel();
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await Oidc.RedeemAsync(http, code, CheckSeed.WebRedirect);
        }).ToList();
        start.Release(attempts.Count);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal((400, "invalid_grant"), (r.Status, r.Error)));
    }

    private static async Task<string> SignInForCodeAsync(BrowserSession browser, IDictionary<string, string?>? extra = null)
    {
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, extra: extra));
        return landing.CallbackParameters["code"];
    }
}
