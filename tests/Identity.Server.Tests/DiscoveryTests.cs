using System.Net;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

public sealed class DiscoveryTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task Discovery_AtLogtoPath_PublishesIssuerAndEndpointsUnderOidc()
    {
        using var http = server.NewBackChannel();

        var document = await GetJsonAsync(http, "/oidc/.well-known/openid-configuration");

        Assert.Equal(server.Issuer, document.GetProperty("issuer").GetString());
        foreach (var (field, path) in new[]
                 {
                     ("authorization_endpoint", "/oidc/auth"), ("token_endpoint", "/oidc/token"), ("userinfo_endpoint", "/oidc/me"),
                     ("end_session_endpoint", "/oidc/session/end"), ("revocation_endpoint", "/oidc/token/revocation"),
                     ("introspection_endpoint", "/oidc/token/introspection"), ("jwks_uri", "/oidc/jwks"),
                 })
        {
            Assert.Equal(new Uri(server.BaseAddress, path).AbsoluteUri, document.GetProperty(field).GetString());
        }
    }

    [Fact]
    public async Task Discovery_CodeChallengeMethods_AreS256Only()
    {
        using var http = server.NewBackChannel();

        var document = await GetJsonAsync(http, "/oidc/.well-known/openid-configuration");

        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.True(document.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
    }

    [Fact]
    public async Task Jwks_EveryKey_HasDistinctKidAndNoPrivateMembers()
    {
        using var http = server.NewBackChannel();

        var keys = (await GetJsonAsync(http, "/oidc/jwks")).GetProperty("keys").EnumerateArray().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
            {
                Assert.False(key.TryGetProperty(secret, out _), $"JWKS exposes private member '{secret}'.");
            }
        });
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Issuer_FollowsTheHostTheRequestCameIn()
    {
        using var http = server.NewBackChannel();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oidc/.well-known/openid-configuration");
        request.Headers.Host = "id.example.test";

        using var response = await http.SendAsync(request);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("http://id.example.test/oidc", document.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Discovery_AskedAtMoreHostNamesThanTheServerKeepsAnswersFor_StillNamesEachHostsOwnIssuer()
    {
        using var http = server.NewBackChannel();

        // Answers are kept for 32 addresses at most; every host name past that is answered afresh, never from another's.
        for (var i = 0; i < 40; i++)
        {
            for (var repeat = 0; repeat < 2; repeat++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/oidc/.well-known/openid-configuration");
                request.Headers.Host = $"tenant{i}.example.test";
                using var response = await http.SendAsync(request);
                var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal($"http://tenant{i}.example.test/oidc", document.GetProperty("issuer").GetString());
            }
        }
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
