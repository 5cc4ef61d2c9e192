using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 1–2: what the server publishes about itself.</summary>
public sealed class Check01To02DiscoveryTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check01_Discovery_NamesTheIssuerExactly_OffersOnlyS256_AndAnnouncesIss()
    {
        using var http = server.NewBackChannel();
        using var response = await http.GetAsync("/oidc/.well-known/openid-configuration");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var discovery = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(server.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.True(discovery.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        // Every endpoint lives under the issuer, so its scheme is the issuer's (https wherever https is required).
        foreach (var property in discovery.EnumerateObject().Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name == "jwks_uri"))
        {
            Assert.StartsWith(server.Issuer + "/", property.Value.GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check02_Jwks_PublishesDistinctKidsAndNoPrivateKeyMaterial_Rsa2048OrMore()
    {
        using var http = server.NewBackChannel();
        var jwks = await http.GetFromJsonAsync<JsonElement>("/oidc/jwks");
        var keys = jwks.GetProperty("keys").EnumerateArray().ToList();

        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
        foreach (var key in keys)
        {
            foreach (var privateMember in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
            {
                Assert.False(key.TryGetProperty(privateMember, out _), $"JWKS key {key.GetProperty("kid")} exposes '{privateMember}'.");
            }
            if (key.GetProperty("kty").GetString() == "RSA")
            {
                var modulusBits = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()).Length * 8;
                Assert.True(modulusBits >= 2048, $"RSA key of {modulusBits} bits.");
            }
        }
    }
}
