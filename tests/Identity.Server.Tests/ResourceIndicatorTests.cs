using System.Net;
using System.Text.Json;
using Identity.Core.Resources;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Tests;

/// <summary>
/// Logto's "Protect your API": an app asks for an API resource (RFC 8707 <c>resource</c>) at authorization, then for an
/// access token for it at the token endpoint (as <c>getAccessToken(resource)</c> does with the refresh token); the token
/// names the resource as its audience and carries only the scopes the holder's roles grant. Each test registers its own
/// resources and roles, so they share one server.
/// </summary>
public sealed class ResourceIndicatorTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private const string UserScopes = "openid offline_access profile read:books write:books";

    [Fact]
    public async Task RefreshWithResource_IssuesAJwtForThatApi_WithTheScopesTheUsersRolesGrant()
    {
        var api = await RegisterApiAsync(ttl: 600, "read:books", "write:books");
        var (userId, tokens) = await SignUpAsync(UserScopes, api);
        await GrantUserAsync(userId, api, "read:books");

        var forApi = await RefreshAsync(tokens.RefreshToken!, api);

        Assert.True(forApi.IsSuccess, forApi.Raw);
        Assert.Equal("read:books", forApi.Get("scope"));
        // expires_in counts from this moment, the token's iat from the start of its second.
        Assert.InRange(forApi.Json.GetProperty("expires_in").GetInt64(), 599, 600);
        var header = Jwt.Header(forApi.AccessToken!);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var claims = Jwt.Payload(forApi.AccessToken!);
        Assert.Equal(api, claims.GetProperty("aud").GetString());
        Assert.Equal(server.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(userId, claims.GetProperty("sub").GetString());
        Assert.Equal(TestApps.TraditionalId, claims.GetProperty("client_id").GetString());
        Assert.Equal("read:books", claims.GetProperty("scope").GetString());
        Assert.Equal(600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task CodeExchangeWithoutResource_GivesTheUserInfoToken_WithoutAudienceOrApiScopes()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books");
        var (userId, tokens) = await SignUpAsync(UserScopes, api);
        await GrantUserAsync(userId, api, "read:books");

        var claims = Jwt.Payload(tokens.AccessToken!);

        Assert.False(claims.TryGetProperty("aud", out _));
        Assert.DoesNotContain("read:books", claims.GetProperty("scope").GetString()!.Split(' '));
        using var http = server.NewBackChannel();
        Assert.Equal(HttpStatusCode.OK, (await Flows.UserInfoAsync(http, tokens.AccessToken!)).StatusCode);
    }

    [Fact]
    public async Task CodeExchangeWithResource_IssuesTheTokenForThatApi()
    {
        var api = await RegisterApiAsync(ttl: 900, "read:books");
        var username = Flows.NewUsername();
        var (code, pkce) = await AuthorizeAsync(username, UserScopes, api);
        await GrantUserAsync(await UserIdAsync(username), api, "read:books");
        using var http = server.NewBackChannel();

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = TestApps.TraditionalRedirect,
            ["code_verifier"] = pkce.Verifier, ["resource"] = api,
        }, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.Equal(api, Jwt.Payload(tokens.AccessToken!).GetProperty("aud").GetString());
        Assert.Equal("read:books", tokens.Get("scope"));
        Assert.NotNull(tokens.IdToken);
        Assert.NotNull(tokens.RefreshToken);
    }

    [Fact]
    public async Task RemovingTheRole_DropsItsScopeAtTheNextRefresh()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books", "write:books");
        var (userId, tokens) = await SignUpAsync(UserScopes, api);
        var role = await GrantUserAsync(userId, api, "read:books", "write:books");
        var first = await RefreshAsync(tokens.RefreshToken!, api);
        Assert.Equal("read:books write:books", first.Get("scope"));

        await server.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IdentityDataContext>();
            return await db.UserAccessRoles.Where(h => h.UserId == userId && h.RoleId == role).ExecuteDeleteAsync();
        });
        var second = await RefreshAsync(first.RefreshToken!, api);

        Assert.True(second.IsSuccess, second.Raw);
        Assert.True(string.IsNullOrEmpty(second.Get("scope")), second.Raw);
        Assert.False(Jwt.Payload(second.AccessToken!).TryGetProperty("scope", out var scope) && scope.GetString()!.Length > 0);
    }

    [Fact]
    public async Task ScopesNotAskedForAtAuthorization_AreNotGranted_EvenWhenARoleHasThem()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books", "write:books");
        var (userId, tokens) = await SignUpAsync("openid offline_access read:books", api);
        await GrantUserAsync(userId, api, "read:books", "write:books");

        var forApi = await RefreshAsync(tokens.RefreshToken!, api);

        Assert.Equal("read:books", forApi.Get("scope"));
    }

    [Fact]
    public async Task OneRefreshToken_ServesEveryResourceAskedForAtAuthorization()
    {
        var books = await RegisterApiAsync(ttl: 3600, "read:books");
        var orders = await RegisterApiAsync(ttl: 3600, "read:orders");
        var (userId, tokens) = await SignUpAsync("openid offline_access read:books read:orders", books, orders);
        await GrantUserAsync(userId, books, "read:books");
        await GrantUserAsync(userId, orders, "read:orders");

        var forBooks = await RefreshAsync(tokens.RefreshToken!, books);
        var forOrders = await RefreshAsync(forBooks.RefreshToken!, orders);
        var withoutResource = await RefreshAsync(forOrders.RefreshToken!, resource: null);

        Assert.Equal((books, "read:books"), (Jwt.Payload(forBooks.AccessToken!).GetProperty("aud").GetString(), forBooks.Get("scope")));
        Assert.Equal((orders, "read:orders"), (Jwt.Payload(forOrders.AccessToken!).GetProperty("aud").GetString(), forOrders.Get("scope")));
        Assert.True(withoutResource.IsSuccess, withoutResource.Raw);
        var own = Jwt.Payload(withoutResource.AccessToken!);
        Assert.False(own.TryGetProperty("aud", out _));
        // (A grant with resources is refreshed by OpenIddict's pipeline: the direct path leaves private claims it does
        // not reproduce to it, and would have kept the API scopes here.)
        Assert.Equal(["offline_access", "openid"], own.GetProperty("scope").GetString()!.Split(' ').Order());
    }

    [Fact]
    public async Task AnAppsDefaultResource_GivesAClientThatSendsNoResource_ATokenForIt_ThatStillOpensUserInfo()
    {
        var api = await RegisterApiAsync(ttl: 1800, "read:books", "write:books");
        var clientId = "generic-" + NewId();
        await server.WithScopeAsync(services => services.GetRequiredService<Identity.Admin.ApplicationAdmin>().CreateAsync(new Identity.Admin.Definitions.ApplicationDefinition
        {
            Id = clientId, Name = "Generic client", Type = "Traditional", Secret = TestApps.TraditionalSecret,
            RedirectUris = [TestApps.TraditionalRedirect], DefaultResource = api,
        }, CancellationToken.None));
        var username = Flows.NewUsername();
        var (code, pkce) = await AuthorizeAsync(clientId, username, UserScopes, resources: []);
        await GrantUserAsync(await UserIdAsync(username), api, "read:books");
        using var http = server.NewBackChannel();

        var tokens = await Flows.RedeemAsync(http, code, clientId, TestApps.TraditionalRedirect, pkce.Verifier, TestApps.TraditionalSecret, basic: true);

        Assert.True(tokens.IsSuccess, tokens.Raw);
        var claims = Jwt.Payload(tokens.AccessToken!);
        Assert.Equal(api, claims.GetProperty("aud").GetString());
        Assert.Equal(["offline_access", "openid", "profile", "read:books"], claims.GetProperty("scope").GetString()!.Split(' ').Order());
        Assert.Equal(1800, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await Flows.UserInfoAsync(http, tokens.AccessToken!)).StatusCode);
        var refreshed = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken },
            (clientId, TestApps.TraditionalSecret));
        Assert.Equal(api, Jwt.Payload(refreshed.AccessToken!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task AuthorizationWithAnUnknownResource_GoesBackToTheAppWithInvalidTarget()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, Pkce.Create(),
            state: "state-unknown-resource", scope: UserScopes, extra: new Dictionary<string, string?> { ["resource"] = "https://unknown.example/api" }));

        Assert.NotNull(page.LeftServerTo);
        Assert.Equal("invalid_target", page.CallbackParameters["error"]);
        Assert.Equal("state-unknown-resource", page.CallbackParameters["state"]);
        Assert.Equal(server.Issuer, page.CallbackParameters["iss"]);
    }

    [Theory]
    [InlineData("api.example/books")]          // not absolute
    [InlineData("https://api.example/#books")] // a fragment (RFC 8707 2)
    public async Task AMalformedResource_IsRefusedNamingTheParameter_AtAuthorizationAndAtTheTokenEndpoint(string malformed)
    {
        var (_, tokens) = await SignUpAsync(UserScopes);
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, Pkce.Create(),
            state: "state-malformed", scope: UserScopes, extra: new Dictionary<string, string?> { ["resource"] = malformed }));
        var refresh = await RefreshAsync(tokens.RefreshToken!, malformed);

        Assert.NotNull(page.LeftServerTo);
        Assert.Equal("invalid_request", page.CallbackParameters["error"]);
        Assert.Contains("resource", page.CallbackParameters["error_description"]);
        Assert.Equal("state-malformed", page.CallbackParameters["state"]);
        Assert.Equal(400, refresh.Status);
        Assert.Equal("invalid_request", refresh.Error);
        Assert.Contains("resource", refresh.Get("error_description"));
    }

    [Fact]
    public async Task RefreshForAResourceNotAskedForAtAuthorization_IsInvalidTarget()
    {
        var asked = await RegisterApiAsync(ttl: 3600, "read:books");
        var other = await RegisterApiAsync(ttl: 3600, "read:books");
        var (_, tokens) = await SignUpAsync(UserScopes, asked);

        var refused = await RefreshAsync(tokens.RefreshToken!, other);

        Assert.Equal(400, refused.Status);
        Assert.Equal("invalid_target", refused.Error);
    }

    [Fact]
    public async Task DeletingTheResource_MakesTheNextRequestForItInvalidTarget()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books");
        var (userId, tokens) = await SignUpAsync(UserScopes, api);
        await GrantUserAsync(userId, api, "read:books");
        var first = await RefreshAsync(tokens.RefreshToken!, api);
        Assert.True(first.IsSuccess, first.Raw);

        await server.WithScopeAsync(services => services.GetRequiredService<IdentityDataContext>().Resources.Where(r => r.Indicator == api).ExecuteDeleteAsync());
        var refused = await RefreshAsync(first.RefreshToken!, api);

        Assert.Equal("invalid_target", refused.Error);
        Assert.Contains(api, refused.Get("error_description"));
    }

    [Fact]
    public async Task ATokenRequestForTwoResources_IsInvalidTarget()
    {
        var books = await RegisterApiAsync(ttl: 3600, "read:books");
        var orders = await RegisterApiAsync(ttl: 3600, "read:orders");
        var (_, tokens) = await SignUpAsync("openid offline_access read:books read:orders", books, orders);
        using var http = server.NewBackChannel();

        var refused = await OidcRequests.PostFormAsync(http, "/oidc/token", new KeyValuePair<string, string?>[]
        {
            new("grant_type", "refresh_token"), new("refresh_token", tokens.RefreshToken), new("resource", books), new("resource", orders),
        }, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.Equal("invalid_target", refused.Error);
    }

    [Fact]
    public async Task ClientCredentialsWithResource_CarriesTheScopesTheAppsRolesGrant()
    {
        var api = await RegisterApiAsync(ttl: 1200, "read:reports", "write:reports", "delete:reports");
        await GrantApplicationAsync(ManagementServerFactory.ReportsId, api, "read:reports", "write:reports");
        using var http = server.NewBackChannel();

        var all = await ClientCredentialsAsync(http, api, scope: null);
        var asked = await ClientCredentialsAsync(http, api, scope: "read:reports delete:reports");

        Assert.True(all.IsSuccess, all.Raw);
        Assert.Equal("read:reports write:reports", all.Get("scope"));
        Assert.InRange(all.Json.GetProperty("expires_in").GetInt64(), 1199, 1200);
        var claims = Jwt.Payload(all.AccessToken!);
        Assert.Equal(api, claims.GetProperty("aud").GetString());
        Assert.Equal(ManagementServerFactory.ReportsId, claims.GetProperty("sub").GetString());
        Assert.Equal(ManagementServerFactory.ReportsId, claims.GetProperty("client_id").GetString());
        Assert.Equal("read:reports", asked.Get("scope"));
    }

    [Fact]
    public async Task ClientCredentialsWithAnUnknownResource_IsInvalidTarget()
    {
        using var http = server.NewBackChannel();

        var refused = await ClientCredentialsAsync(http, "https://unknown.example/reports", scope: null);

        Assert.Equal(400, refused.Status);
        Assert.Equal("invalid_target", refused.Error);
    }

    [Fact]
    public async Task AResourceToken_IsRefusedAtUserInfo()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books");
        var (_, tokens) = await SignUpAsync(UserScopes, api);
        var forApi = await RefreshAsync(tokens.RefreshToken!, api);
        using var http = server.NewBackChannel();

        var response = await Flows.UserInfoAsync(http, forApi.AccessToken!);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AResourceToken_IsRefusedByTheManagementApi_EvenWithAScopeNamedManagement()
    {
        // The admin doors refuse a resource scope named "management"; this is the token side's own line of defence.
        var api = await RegisterApiAsync(ttl: 3600, "management");
        await GrantApplicationAsync(ManagementServerFactory.AdminId, api, "management");
        using var http = server.NewBackChannel();
        var forApi = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "client_credentials", ["resource"] = api, ["scope"] = "management",
        }, (ManagementServerFactory.AdminId, ManagementServerFactory.AdminSecret));
        Assert.Equal("management", forApi.Get("scope"));

        using var client = server.ClientWith(forApi.AccessToken);
        var response = await client.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task IntrospectionOfAResourceToken_AnswersItsAudienceScopeClientAndSubject()
    {
        var api = await RegisterApiAsync(ttl: 3600, "read:books");
        var (userId, tokens) = await SignUpAsync(UserScopes, api);
        await GrantUserAsync(userId, api, "read:books");
        var forApi = await RefreshAsync(tokens.RefreshToken!, api);
        using var http = server.NewBackChannel();

        var answer = await OidcRequests.PostFormAsync(http, "/oidc/token/introspection",
            new Dictionary<string, string?> { ["token"] = forApi.AccessToken }, (TestApps.TraditionalId, TestApps.TraditionalSecret));

        Assert.True(answer.IsSuccess, answer.Raw);
        Assert.True(answer.Json.GetProperty("active").GetBoolean());
        var audience = answer.Json.GetProperty("aud");
        Assert.Equal(api, audience.ValueKind == JsonValueKind.Array ? audience[0].GetString() : audience.GetString());
        Assert.Equal("read:books", answer.Get("scope"));
        Assert.Equal(TestApps.TraditionalId, answer.Get("client_id"));
        Assert.Equal(userId, answer.Get("sub"));
    }

    private async Task<string> RegisterApiAsync(int ttl, params string[] scopes)
    {
        var indicator = $"https://api-{Guid.NewGuid():N}.example/";
        await server.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IdentityDataContext>();
            var resource = new ApiResource { Id = NewId(), Indicator = indicator, Name = "Bookstore API", AccessTokenTtl = ttl };
            resource.Scopes.AddRange(scopes.Select(name => new ResourceScope { Id = NewId(), ResourceId = resource.Id, Name = name }));
            db.Resources.Add(resource);
            return await db.SaveChangesAsync();
        });
        return indicator;
    }

    // A new role granting these scopes of the resource, held by the user; returns the role's id.
    private Task<string> GrantUserAsync(string userId, string indicator, params string[] scopes) =>
        GrantAsync(RoleType.User, indicator, scopes, (db, role) => db.UserAccessRoles.Add(new UserRole { UserId = userId, RoleId = role }));

    private Task<string> GrantApplicationAsync(string clientId, string indicator, params string[] scopes) =>
        GrantAsync(RoleType.MachineToMachine, indicator, scopes, (db, role) =>
        {
            var application = db.Set<OpenIddictEntityFrameworkCoreApplication>().Single(a => a.ClientId == clientId);
            db.ApplicationRoles.Add(new ApplicationRole { ApplicationId = application.Id!, RoleId = role });
        });

    private Task<string> GrantAsync(RoleType type, string indicator, string[] scopes, Action<IdentityDataContext, string> hold) =>
        server.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IdentityDataContext>();
            var granted = await db.ResourceScopes.Where(s => scopes.Contains(s.Name) && db.Resources.Any(r => r.Id == s.ResourceId && r.Indicator == indicator))
                .Select(s => s.Id).ToListAsync();
            var role = new Role { Id = NewId(), Name = "role-" + NewId(), Type = type };
            role.Scopes.AddRange(granted.Select(scope => new RoleScope { RoleId = role.Id, ScopeId = scope }));
            db.AccessRoles.Add(role);
            hold(db, role.Id);
            await db.SaveChangesAsync();
            return role.Id;
        });

    private async Task<(string UserId, TokenResponse Tokens)> SignUpAsync(string scope, params string[] resources)
    {
        var username = Flows.NewUsername();
        var (code, pkce) = await AuthorizeAsync(username, scope, resources);
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, code, TestApps.TraditionalId, TestApps.TraditionalRedirect, pkce.Verifier,
            TestApps.TraditionalSecret, basic: true);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return (await UserIdAsync(username), tokens);
    }

    // Signs a new user up through an authorization request that asks for these resources, as Logto's SDKs send it.
    private Task<(string Code, Pkce Pkce)> AuthorizeAsync(string username, string scope, params string[] resources) =>
        AuthorizeAsync(TestApps.TraditionalId, username, scope, resources);

    private async Task<(string Code, Pkce Pkce)> AuthorizeAsync(string clientId, string username, string scope, string[] resources)
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var url = Flows.AuthorizeUrl(clientId, TestApps.TraditionalRedirect, pkce, scope: scope,
            extra: new Dictionary<string, string?> { ["interaction_mode"] = "signUp" });
        url += string.Concat(resources.Select(r => "&resource=" + Uri.EscapeDataString(r)));
        var page = await browser.GoAsync(url);
        Assert.Equal("Create your account", page.Heading);
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });
        return (landing.CallbackParameters["code"], pkce);
    }

    private Task<string> UserIdAsync(string username) => server.WithScopeAsync(services =>
        services.GetRequiredService<IdentityDataContext>().Users.Where(u => u.UserName == username).Select(u => u.Id).SingleAsync());

    private async Task<TokenResponse> RefreshAsync(string refreshToken, string? resource)
    {
        using var http = server.NewBackChannel();
        return await Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["resource"] = resource,
        }, (TestApps.TraditionalId, TestApps.TraditionalSecret));
    }

    private static Task<TokenResponse> ClientCredentialsAsync(HttpClient http, string resource, string? scope) =>
        Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "client_credentials", ["resource"] = resource, ["scope"] = scope,
        }, (ManagementServerFactory.ReportsId, ManagementServerFactory.ReportsSecret));

    private static string NewId() => Guid.NewGuid().ToString("N");
}
