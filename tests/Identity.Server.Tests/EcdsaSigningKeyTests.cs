using System.Net;
using System.Text.Json;
using Identity.Core;
using Identity.Keys;
using Identity.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Server.Tests;

/// <summary>A server whose signing keys are ECDSA P-256 (<c>Keys:Algorithm=ES256</c>).</summary>
public sealed class EcdsaKeysServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Keys:Algorithm", "ES256")];
}

/// <summary>
/// With <c>Keys:Algorithm=ES256</c> the server signs ID and access tokens with an ECDSA P-256 key that its JWKS
/// publishes, discovery says so, and everything that verifies its tokens (a relying party with the JWKS, userinfo,
/// the Management API) accepts them.
/// </summary>
public sealed class EcdsaSigningKeyTests(EcdsaKeysServerFactory server) : IClassFixture<EcdsaKeysServerFactory>
{
    [Fact]
    public async Task CodeFlow_IssuesEs256IdAndAccessTokens_ThatVerifyWithThePublishedKey_AndUserInfoAccepts()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/oidc/jwks"));

        foreach (var token in new[] { tokens.Get("id_token")!, tokens.AccessToken! })
        {
            var key = await PublishedKeys.AssertSignedByAsync(server, jwks, token, "ES256", "EC");
            Assert.Equal("P-256", key.Crv);
        }

        Assert.Equal(HttpStatusCode.OK, (await Flows.UserInfoAsync(http, tokens.AccessToken!)).StatusCode);
    }

    [Fact]
    public async Task Discovery_ListsEs256_ForIdTokens()
    {
        using var http = server.NewBackChannel();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/oidc/.well-known/openid-configuration"));

        Assert.Equal(["ES256"], discovery.RootElement.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("es256", "ES256")]
    [InlineData(" RS256 ", "RS256")]
    public void Algorithm_IsReadWithoutRegardToCase(string configured, string stored) =>
        Assert.Equal(stored, SigningAlgorithms.Validate(configured));

    [Theory]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("")]
    public void AnUnsupportedAlgorithm_IsAConfigurationErrorNamingTheChoices(string configured)
    {
        var error = Assert.Throws<StartupConfigurationException>(() => SigningAlgorithms.Validate(configured));

        Assert.Contains("Keys:Algorithm", error.Message, StringComparison.Ordinal);
        Assert.Contains("RS256", error.Message, StringComparison.Ordinal);
        Assert.Contains("ES256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoredKeyOfAnotherAlgorithm_IsNeverReadAsRsa_ButNamesItselfAndItsAlgorithm()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);

        var error = Assert.Throws<InvalidOperationException>(() => SigningAlgorithms.ToSecurityKey("PS256", rsa.ExportPkcs8PrivateKey(), "key-7"));

        Assert.Contains("'key-7'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'PS256'", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Checks a token against the server's JWKS the way a relying party or resource server does.</summary>
public static class PublishedKeys
{
    /// <summary>Asserts the token's algorithm, that its key is published with the given type, and that it verifies; returns the key.</summary>
    public static async Task<JsonWebKey> AssertSignedByAsync(IdentityServerFactory server, JsonWebKeySet jwks, string token, string algorithm, string keyType)
    {
        var jwt = new JsonWebToken(token);
        Assert.Equal(algorithm, jwt.Alg);
        var key = Assert.Single(jwks.Keys, k => k.Kid == jwt.Kid);
        Assert.Equal(keyType, key.Kty);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["JWT", "at+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return key;
    }
}
