using System.Net;
using Identity.Server.Security;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Identity.Server.Tests;

/// <summary>
/// Check 66: browser apps may call discovery, JWKS, token, userinfo and revocation from the origin of a registered
/// redirect URI, without credentials; nothing else is opened to other origins.
/// </summary>
public sealed class CorsTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private const string SpaOrigin = "http://localhost:5173";
    private const string ForeignOrigin = "https://evil.example";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string origin, string? preflightMethod = null)
    {
        // Redirects are not followed: the answer of the endpoint itself is what carries (or not) the CORS headers.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (preflightMethod is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", preflightMethod);
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
        }
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = "not-a-code", ["client_id"] = TestApps.SpaId,
                ["redirect_uri"] = TestApps.SpaRedirect, ["code_verifier"] = Pkce.Create().Verifier,
            });
        }
        return await http.SendAsync(request);
    }

    private static string? AllowedOrigin(HttpResponseMessage response) => SecurityHeaderAssertions.Header(response, "Access-Control-Allow-Origin");

    [Fact]
    public async Task TokenEndpoint_FromARegisteredSpaOrigin_AllowsTheOriginWithoutCredentials()
    {
        using var response = await SendAsync(HttpMethod.Post, "/oidc/token", SpaOrigin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // invalid_grant, readable by the app
        Assert.Equal(SpaOrigin, AllowedOrigin(response));
        Assert.Null(SecurityHeaderAssertions.Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("Origin", SecurityHeaderAssertions.Header(response, "Vary"));
    }

    [Fact]
    public async Task TokenEndpoint_Preflight_FromARegisteredSpaOrigin_IsAnswered()
    {
        using var response = await SendAsync(HttpMethod.Options, "/oidc/token", SpaOrigin, preflightMethod: "POST");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SpaOrigin, AllowedOrigin(response));
        Assert.Contains("POST", SecurityHeaderAssertions.Header(response, "Access-Control-Allow-Methods"));
        Assert.Contains("content-type", SecurityHeaderAssertions.Header(response, "Access-Control-Allow-Headers"));
        Assert.Null(SecurityHeaderAssertions.Header(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/oidc/.well-known/openid-configuration")]
    [InlineData("/oidc/jwks")]
    public async Task DiscoveryAndKeySet_FromARegisteredSpaOrigin_AreAllowed(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, SpaOrigin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SpaOrigin, AllowedOrigin(response));
    }

    [Fact]
    public async Task TokenEndpoint_FromAForeignOrigin_GetsNoCorsHeaders()
    {
        using var request = await SendAsync(HttpMethod.Post, "/oidc/token", ForeignOrigin);
        using var preflight = await SendAsync(HttpMethod.Options, "/oidc/token", ForeignOrigin, preflightMethod: "POST");

        Assert.Null(AllowedOrigin(request));
        Assert.Null(AllowedOrigin(preflight));
        Assert.Null(SecurityHeaderAssertions.Header(preflight, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("/oidc/auth?client_id=spa&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&scope=openid")]
    [InlineData("/oidc/token/introspection")]
    [InlineData("/sign-in")]
    [InlineData("/api/applications")]
    public async Task OtherEndpoints_NeverAllowCors_EvenForARegisteredOrigin(string path)
    {
        using var request = await SendAsync(HttpMethod.Get, path, SpaOrigin);
        using var preflight = await SendAsync(HttpMethod.Options, path, SpaOrigin, preflightMethod: "POST");

        Assert.Null(AllowedOrigin(request));
        Assert.Null(AllowedOrigin(preflight));
    }

    [Fact]
    public async Task DeletedApplication_ItsOriginStopsBeingAllowed_WithinTheCacheLifetime()
    {
        const string origin = "https://short-lived.example";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = "short-lived", ClientType = OpenIddictConstants.ClientTypes.Public, RedirectUris = { new Uri(origin + "/callback") },
            });
        }
        server.Clock.Advance(RegisteredOrigins.CacheLifetime);
        using var whileRegistered = await SendAsync(HttpMethod.Get, "/oidc/jwks", origin);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.DeleteAsync((await applications.FindByClientIdAsync("short-lived"))!);
        }
        server.Clock.Advance(RegisteredOrigins.CacheLifetime);
        using var afterDeletion = await SendAsync(HttpMethod.Get, "/oidc/jwks", origin);

        Assert.Equal(origin, AllowedOrigin(whileRegistered));
        Assert.Null(AllowedOrigin(afterDeletion));
    }
}
