using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class TokenRequestBuilderTests
{
    private static async Task<RecordedRequest> SendAsync(Action<JsonObject>? edit = null, string? codeVerifier = null)
    {
        var harness = new ConnectorHarness(edit);
        await harness.GetProfileAsync(ConnectorHarness.Callback(codeVerifier: codeVerifier));
        return harness.TokenRequest;
    }

    private static string Form(params (string Key, string Value)[] pairs) =>
        FormUrlEncoding.Serialize(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    [Fact]
    public async Task TokenRequest_ClientSecretPost_SendsCredentialsInForm()
    {
        var request = await SendAsync();

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(TestConfig.TokenEndpoint, request.Uri.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("application/json", request.Accept);
        Assert.Null(request.Authorization);
        Assert.Equal(
            "grant_type=authorization_code&code=CODE-4f9a-authcode&redirect_uri=https%3A%2F%2Fid.example%2Fcallback%2Fconn-1"
            + "&client_id=client-123&client_secret=SECRET%3Avalue%2BXYZ-7f3a",
            request.Body);
    }

    [Fact]
    public async Task TokenRequest_ClientSecretBasic_SendsFormEncodedCredentialsInHeaderOnly()
    {
        var request = await SendAsync(json => json["tokenEndpointAuthMethod"] = "client_secret_basic");

        // RFC 6749 §2.3.1: form-encode id and secret, then base64 "id:secret". The ':' and '+' in the secret are escaped.
        var expected = Convert.ToBase64String(Encoding.ASCII.GetBytes("client-123:SECRET%3Avalue%2BXYZ-7f3a"));
        Assert.Equal($"Basic {expected}", request.Authorization);
        Assert.Equal(
            Form(("grant_type", "authorization_code"), ("code", ConnectorHarness.Code), ("redirect_uri", ConnectorHarness.RedirectUri.AbsoluteUri)),
            request.Body);
    }

    [Fact]
    public async Task TokenRequest_ClientSecretBasic_DecodesBackToIdAndSecret()
    {
        var request = await SendAsync(json =>
        {
            json["tokenEndpointAuthMethod"] = "client_secret_basic";
            json["clientId"] = "id with:colon";
        });

        var decoded = Encoding.ASCII.GetString(Convert.FromBase64String(AuthenticationHeaderValue.Parse(request.Authorization!).Parameter!));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        Assert.Equal("id with:colon", Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')));
        Assert.Equal(TestConfig.ClientSecret, Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
    }

    [Fact]
    public async Task TokenRequest_CustomConfig_AppendedSnakeCased()
    {
        var request = await SendAsync(json => json["customConfig"] = new JsonObject { ["accessType"] = "offline", ["audience"] = "api://x" });

        Assert.EndsWith("&client_secret=SECRET%3Avalue%2BXYZ-7f3a&access_type=offline&audience=api%3A%2F%2Fx", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_CustomConfigSameKey_Overrides()
    {
        var request = await SendAsync(json => json["customConfig"] = new JsonObject { ["redirectUri"] = "https://elsewhere.example/cb" });

        var form = FormUrlEncoding.Parse(request.Body!);
        Assert.Equal("https://elsewhere.example/cb", Assert.Single(form, p => p.Key == "redirect_uri").Value);
    }

    [Fact]
    public async Task TokenRequest_CustomConfigWithBasic_StaysInBody()
    {
        var request = await SendAsync(json =>
        {
            json["tokenEndpointAuthMethod"] = "client_secret_basic";
            json["customConfig"] = new JsonObject { ["resource"] = "https://api.example" };
        });

        Assert.EndsWith("&resource=https%3A%2F%2Fapi.example", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_CodeVerifier_IsSent()
    {
        var request = await SendAsync(codeVerifier: ConnectorHarness.CodeVerifier);

        Assert.Contains($"&code_verifier={ConnectorHarness.CodeVerifier}", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_NoCodeVerifier_SendsNone()
    {
        var request = await SendAsync();

        Assert.DoesNotContain("code_verifier", request.Body, StringComparison.Ordinal);
    }
}
