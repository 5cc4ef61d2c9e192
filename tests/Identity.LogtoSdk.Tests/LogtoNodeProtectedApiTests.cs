using System.Net;
using System.Net.Http.Headers;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.LogtoSdk.Tests;

/// <summary>
/// Logto's "Protect your API" with an unchanged @logto/node app configured with <c>resources</c> and <c>scopes</c>: the
/// user signs in, the app's <c>getAccessToken(indicator)</c> gets a JWT for the API, and samples/Bookstore.Api (ASP.NET
/// Core's JwtBearer handler) lets it read (the user's role grants read:books), refuses it writing (403: no role grants
/// write:books) and refuses a token for another API (401).
/// </summary>
public sealed class LogtoNodeProtectedApiTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private const int BooksTtl = 900;

    [Fact]
    public async Task LogtoNodeSdk_GetAccessTokenForAnApi_IsAcceptedByThatApiAsTheUsersRolesAllow()
    {
        var books = $"https://books-{Guid.NewGuid():N}.example/api";
        var orders = $"https://orders-{Guid.NewGuid():N}.example/api";
        await RegisterApiAsync(books, BooksTtl, "read:books", "write:books");
        await RegisterApiAsync(orders, 3600, "read:orders");
        var reader = await RoleAsync((books, "read:books"), (orders, "read:orders"));
        await using var api = await BookstoreApiProcess.StartAsync(server.Issuer, books);
        await using var app = await StartAppAsync([books, orders], ["read:books", "write:books", "read:orders"]);

        var subject = await SignUpAsync(app);
        await HoldAsync(subject, reader);

        var forBooks = await AccessTokenAsync(app, books);
        var forOrders = await AccessTokenAsync(app, orders);

        var claims = await VerifyAsync(forBooks, books);
        Assert.Equal(subject, claims.Subject);
        Assert.Equal("read:books", claims.GetClaim("scope").Value);
        Assert.Equal(BooksTtl, (claims.ValidTo - claims.IssuedAt).TotalSeconds);
        using var http = new HttpClient { BaseAddress = api.BaseUri };
        Assert.Equal(HttpStatusCode.OK, await CallAsync(http, HttpMethod.Get, forBooks));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(http, HttpMethod.Post, forBooks));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(http, HttpMethod.Get, forOrders));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(http, HttpMethod.Get, accessToken: null));
    }

    private Task<LogtoNodeApp> StartAppAsync(string[] resources, string[] scopes)
    {
        // The SDK checks the ID token's iat against the real clock, and so does JwtBearer the access token's lifetime.
        var now = DateTimeOffset.UtcNow;
        if (now > server.Clock.GetUtcNow())
        {
            server.Clock.SetUtcNow(now);
        }
        return LogtoNodeApp.StartAsync(server.BaseAddress, TestApps.TraditionalId, TestApps.TraditionalSecret, resources, scopes);
    }

    // The user signs up on the hosted page the SDK sent them to; the app handles the callback without an error.
    private async Task<string> SignUpAsync(LogtoNodeApp app)
    {
        using var browser = server.NewBrowser();
        var signIn = await app.ExpectAsync("signIn", new { redirectUri = TestApps.TraditionalRedirect, interactionMode = "signUp" });
        var register = await browser.GoAsync(signIn["navigate"]!.GetValue<string>());
        Assert.Equal("Create your account", register.Heading);
        var landing = await browser.SubmitAsync(register, new Dictionary<string, string>
        {
            ["Username"] = Flows.NewUsername(), ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });
        Assert.NotNull(landing.LeftServerTo);
        var signedIn = await app.ExpectAsync("callback", new { url = landing.LeftServerTo!.AbsoluteUri });
        Assert.True(signedIn["isAuthenticated"]?.GetValue<bool>(), await app.DescribeAsync());
        return signedIn["claims"]!["sub"]!.GetValue<string>();
    }

    private static async Task<string> AccessTokenAsync(LogtoNodeApp app, string resource)
    {
        var token = (await app.ExpectAsync("accessToken", new { resource }))["accessToken"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token), await app.DescribeAsync());
        return token!;
    }

    // A standard JWT library against the published JWKS: signature, issuer, audience, lifetime and RFC 9068's type.
    private async Task<JsonWebToken> VerifyAsync(string token, string audience)
    {
        using var http = server.NewBackChannel();
        var keys = new JsonWebKeySet(await http.GetStringAsync("/oidc/jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        return (JsonWebToken)result.SecurityToken;
    }

    private static async Task<HttpStatusCode> CallAsync(HttpClient http, HttpMethod method, string? accessToken)
    {
        using var request = new HttpRequestMessage(method, "books");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task RegisterApiAsync(string indicator, int ttl, params string[] scopes)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var resource = new ApiResource { Id = NewId(), Indicator = indicator, Name = "API " + indicator, AccessTokenTtl = ttl };
        resource.Scopes.AddRange(scopes.Select(name => new ResourceScope { Id = NewId(), ResourceId = resource.Id, Name = name }));
        db.Resources.Add(resource);
        await db.SaveChangesAsync();
    }

    private async Task<string> RoleAsync(params (string Resource, string Scope)[] grants)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var role = new Role { Id = NewId(), Name = "reader-" + NewId(), Type = RoleType.User };
        foreach (var (resource, name) in grants)
        {
            var scopeId = await db.ResourceScopes.Where(s => s.Name == name && db.Resources.Any(r => r.Id == s.ResourceId && r.Indicator == resource))
                .Select(s => s.Id).SingleAsync();
            role.Scopes.Add(new RoleScope { RoleId = role.Id, ScopeId = scopeId });
        }
        db.AccessRoles.Add(role);
        await db.SaveChangesAsync();
        return role.Id;
    }

    private async Task HoldAsync(string userId, string roleId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        db.UserAccessRoles.Add(new UserRole { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
