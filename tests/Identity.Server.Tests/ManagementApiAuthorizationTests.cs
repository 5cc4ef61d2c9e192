using System.Net;
using System.Net.Http.Headers;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>
/// Who may call the Management API: only a bearer token from the client-credentials grant of a machine-to-machine app
/// granted the <c>management</c> scope. Checked on every endpoint.
/// </summary>
public sealed class ManagementApiAuthorizationTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    /// <summary>Every Management API endpoint, with a plausible body (authorization is decided before the body is read).</summary>
    public static TheoryData<string, string, string?> Endpoints => new()
    {
        { "GET", "/api/applications", null },
        { "POST", "/api/applications", """{"id":"new-app","name":"New","type":"MachineToMachine"}""" },
        { "GET", $"/api/applications/{TestApps.SpaId}", null },
        { "PATCH", $"/api/applications/{TestApps.SpaId}", """{"name":"Renamed"}""" },
        { "DELETE", $"/api/applications/{TestApps.SpaId}", null },
        { "POST", $"/api/applications/{TestApps.TraditionalId}/secret", null },
        { "GET", "/api/connector-factories", null },
        { "GET", "/api/connectors", null },
        { "POST", "/api/connectors", """{"id":"c","connectorId":"oauth2","target":"c","config":{}}""" },
        { "GET", $"/api/connectors/{ManagementServerFactory.AcmeConnector}", null },
        { "PATCH", $"/api/connectors/{ManagementServerFactory.AcmeConnector}", """{"name":"Renamed"}""" },
        { "DELETE", $"/api/connectors/{ManagementServerFactory.AcmeConnector}", null },
        { "GET", "/api/sign-in-exp", null },
        { "PATCH", "/api/sign-in-exp", """{"signInMode":"SignIn"}""" },
        { "GET", "/api/users", null },
        { "POST", "/api/users", """{"username":"someone"}""" },
        { "GET", "/api/users/some-id", null },
        { "PATCH", "/api/users/some-id", """{"name":"Someone"}""" },
        { "DELETE", "/api/users/some-id", null },
        { "PATCH", "/api/users/some-id/password", """{"password":"correct horse battery staple 42"}""" },
        { "POST", "/api/users/some-id/lock", null },
        { "DELETE", "/api/users/some-id/lock", null },
        { "GET", "/api/users/some-id/identities", null },
        { "DELETE", "/api/users/some-id/identities/acme", null },
    };

    private static Task<HttpResponseMessage> CallAsync(HttpClient http, string method, string path, string? body) =>
        http.SendAsync(new HttpMethod(method), path, body);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithoutToken_Is401WithBearerChallenge(string method, string path, string? body)
    {
        using var http = server.ClientWith(null);

        using var response = await CallAsync(http, method, path, body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithForgedToken_Is401(string method, string path, string? body)
    {
        var real = await server.AdminTokenAsync();
        var parts = real.Split('.');
        using var http = server.ClientWith($"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}");

        using var response = await CallAsync(http, method, path, body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithMachineTokenWithoutManagementScope_Is403(string method, string path, string? body)
    {
        using var http = server.ClientWith(await server.ClientCredentialsTokenAsync(
            ManagementServerFactory.ReportsId, ManagementServerFactory.ReportsSecret, "reports"));

        using var response = await CallAsync(http, method, path, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithUsersTokenCarryingManagementScope_Is403(string method, string path, string? body)
    {
        using var http = server.ClientWith(await UserTokenWithManagementScopeAsync());

        using var response = await CallAsync(http, method, path, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithHostedPagesSessionCookieOnly_Is401(string method, string path, string? body)
    {
        using var browser = server.NewBrowser();
        var registered = await AccountPages.RegisterAsync(browser, Flows.NewUsername(), Flows.GoodPassword);
        Assert.Equal("/", registered.Url.AbsolutePath);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
        };

        using var response = await CallAsync(http, method, path, body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApp_TokenRequestedWithoutTheScope_Is403()
    {
        using var http = server.ClientWith(await server.ClientCredentialsTokenAsync(
            ManagementServerFactory.AdminId, ManagementServerFactory.AdminSecret, scope: null));

        using var response = await http.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApp_TokenWithTheScope_IsAllowed()
    {
        using var http = await server.AdminClientAsync();

        using var response = await http.GetAsync("/api/applications");

        await response.ExpectAsync(200);
    }

    [Fact]
    public async Task MachineAppWithoutTheGrant_CannotObtainAManagementToken()
    {
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" },
            (ManagementServerFactory.ReportsId, ManagementServerFactory.ReportsSecret));

        Assert.Equal("invalid_scope", tokens.Error);
    }

    [Fact]
    public async Task ManagementToken_SentAsBasicInsteadOfBearer_Is401()
    {
        using var http = server.NewBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ManagementServerFactory.AdminId}:{ManagementServerFactory.AdminSecret}")));

        using var response = await http.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A user signs up through an SPA that was granted the management scope: the scope is in the token, yet it is the user's.</summary>
    private async Task<string> UserTokenWithManagementScopeAsync()
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Flows.SignUpThroughAuthorizeAsync(browser, Flows.NewUsername(), Flows.GoodPassword,
            ManagementServerFactory.UserAppId, ManagementServerFactory.UserAppRedirect, pkce, scope: "openid management");
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], ManagementServerFactory.UserAppId,
            ManagementServerFactory.UserAppRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.Contains("management", Jwt.Payload(tokens.AccessToken!).GetProperty("scope").GetString()!.Split(' '));
        return tokens.AccessToken!;
    }
}
