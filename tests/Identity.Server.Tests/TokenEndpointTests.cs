using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Client authentication at the token endpoint, as Logto's SDKs and standard clients send it.</summary>
public sealed class TokenEndpointTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private async Task<(string Code, Pkce Pkce)> CodeForTraditionalAppAsync()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword,
            TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce);
        return (landing.CallbackParameters["code"], pkce);
    }

    [Fact]
    public async Task CodeExchange_LogtoNodeWirePattern_BasicPlusBodyClientId_Succeeds()
    {
        var (code, pkce) = await CodeForTraditionalAppAsync();
        using var http = server.NewBackChannel();

        // @logto/node: Basic credentials on every call, and client_id in the body as well.
        var tokens = await Flows.RedeemAsync(http, code, TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce.Verifier,
            TestApps.TraditionalSecret, basic: true);

        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.NotNull(tokens.IdToken);
    }

    [Fact]
    public async Task CodeExchange_ClientSecretPost_Succeeds()
    {
        var (code, pkce) = await CodeForTraditionalAppAsync();
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, code, TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce.Verifier,
            TestApps.TraditionalSecret);

        Assert.True(tokens.IsSuccess, tokens.Raw);
    }

    [Fact]
    public async Task CodeExchange_ConfidentialClientWithoutPkce_Succeeds()
    {
        using var browser = server.NewBrowser();
        var username = Flows.NewUsername();
        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce: null,
            extra: new Dictionary<string, string?> { ["interaction_mode"] = "signUp" }));
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.TraditionalId,
            TestApps.TraditionalRedirect, verifier: null, TestApps.TraditionalSecret, basic: true);

        Assert.True(tokens.IsSuccess, tokens.Raw);
    }

    [Fact]
    public async Task CodeExchange_BodyClientIdDifferentFromBasic_IsRefused()
    {
        var (code, pkce) = await CodeForTraditionalAppAsync();
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = TestApps.TraditionalRedirect,
            ["code_verifier"] = pkce.Verifier, ["client_id"] = TestApps.SpaId,
        }, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.False(tokens.IsSuccess);
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task CodeExchange_WrongSecret_IsInvalidClient()
    {
        var (code, pkce) = await CodeForTraditionalAppAsync();
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, code, TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce.Verifier,
            "not-the-secret-at-all-123456", basic: true);

        Assert.Equal((int)HttpStatusCode.Unauthorized, tokens.Status);
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task ClientCredentials_MachineToMachineApp_GetsAnAccessTokenWithScope()
    {
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "reports",
        }, (TestApps.MachineId, TestApps.MachineSecret));

        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.Equal("Bearer", tokens.Get("token_type"));
        Assert.Equal("reports", tokens.Get("scope"));
        Assert.True(tokens.Json.GetProperty("expires_in").GetInt64() > 0);
        Assert.Null(tokens.RefreshToken);
    }

    [Fact]
    public async Task ClientCredentials_WrongSecretRightAfterASuccess_IsInvalidClient()
    {
        using var http = server.NewBackChannel();
        var form = new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "reports" };

        Assert.True((await Flows.PostTokenAsync(http, form, (TestApps.MachineId, TestApps.MachineSecret))).IsSuccess);
        var wrong = await Flows.PostTokenAsync(http, form, (TestApps.MachineId, TestApps.MachineSecret.ToUpperInvariant()));

        Assert.Equal((int)HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("invalid_client", wrong.Error);
        Assert.True((await Flows.PostTokenAsync(http, form, (TestApps.MachineId, TestApps.MachineSecret))).IsSuccess);
    }

    [Fact]
    public async Task ClientCredentials_ScopeNotGrantedToTheApp_IsRefused()
    {
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "management",
        }, (TestApps.MachineId, TestApps.MachineSecret));

        Assert.Equal("invalid_scope", tokens.Error);
        Assert.Null(tokens.AccessToken);
        Assert.Contains("management", tokens.Get("error_description"));
    }

    [Fact]
    public async Task ClientCredentials_UserFacingApp_IsRefused()
    {
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials" },
            (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.Equal("unauthorized_client", tokens.Error);
    }

    [Fact]
    public async Task Revocation_OfARefreshToken_MakesItUnusable()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        using var revoke = await http.PostAsync("/oidc/token/revocation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken!, ["client_id"] = TestApps.SpaId,
        }));
        var refreshed = await Flows.RefreshAsync(http, tokens.RefreshToken!, TestApps.SpaId);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("invalid_grant", refreshed.Error);
    }
}
