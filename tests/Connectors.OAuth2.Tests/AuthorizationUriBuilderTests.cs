using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class AuthorizationUriBuilderTests
{
    private static readonly Uri RedirectUri = new("https://id.example/callback/conn-1");

    private static Uri Build(Action<JsonObject>? edit = null, string state = "state-xyz", string? challenge = null) =>
        new ConnectorHarness(edit).Connector.BuildAuthorizationUri(new AuthorizationRequest(state, RedirectUri, challenge));

    private static List<KeyValuePair<string, string>> Query(Uri uri) => [.. FormUrlEncoding.Parse(uri.Query)];

    [Fact]
    public void BuildAuthorizationUri_Minimal_SendsLogtosParametersInOrder()
    {
        var uri = Build();

        Assert.Equal(
            "https://provider.test/oauth/authorize?response_type=code&client_id=client-123"
            + "&redirect_uri=https%3A%2F%2Fid.example%2Fcallback%2Fconn-1&state=state-xyz",
            uri.AbsoluteUri);
    }

    [Fact]
    public void BuildAuthorizationUri_ScopeSet_GoesBetweenClientIdAndRedirectUri()
    {
        var uri = Build(json => json["scope"] = "read:user user:email");

        Assert.Equal(["response_type", "client_id", "scope", "redirect_uri", "state"], Query(uri).Select(p => p.Key));
        Assert.Contains("&scope=read%3Auser+user%3Aemail&", uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAuthorizationUri_ScopeUnset_SendsNoScope()
    {
        Assert.DoesNotContain(Query(Build()), p => p.Key == "scope");
    }

    [Fact]
    public void BuildAuthorizationUri_CustomConfig_AppendedSnakeCasedInConfigOrder()
    {
        var uri = Build(json => json["customConfig"] = new JsonObject
        {
            ["accessType"] = "offline",
            ["prompt"] = "consent",
            ["include_granted_scopes"] = "true",
        });

        Assert.Equal(
            [new("response_type", "code"), new("client_id", TestConfig.ClientId), new("redirect_uri", RedirectUri.AbsoluteUri),
             new("state", "state-xyz"), new("access_type", "offline"), new("prompt", "consent"), new("include_granted_scopes", "true")],
            Query(uri));
    }

    [Fact]
    public void BuildAuthorizationUri_CustomConfigSameKey_OverridesInPlace()
    {
        var uri = Build(json =>
        {
            json["scope"] = "basic";
            json["customConfig"] = new JsonObject { ["scope"] = "custom", ["responseType"] = "code id_token", ["extra"] = "1" };
        });

        Assert.Equal(
            [new("response_type", "code id_token"), new("client_id", TestConfig.ClientId), new("scope", "custom"),
             new("redirect_uri", RedirectUri.AbsoluteUri), new("state", "state-xyz"), new("extra", "1")],
            Query(uri));
    }

    [Fact]
    public void BuildAuthorizationUri_EndpointWithQuery_AppendsWithAmpersand()
    {
        var uri = Build(json => json["authorizationEndpoint"] = "https://provider.test/authorize?tenant=acme&x=1");

        Assert.StartsWith("https://provider.test/authorize?tenant=acme&x=1&response_type=code&client_id=", uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(["tenant", "x", "response_type"], Query(uri).Take(3).Select(p => p.Key));
    }

    [Theory]
    [InlineData("https://provider.test/authorize?")]
    [InlineData("https://provider.test/authorize?tenant=acme&")]
    public void BuildAuthorizationUri_EndpointEndingWithSeparator_AddsNoOther(string endpoint)
    {
        var uri = Build(json => json["authorizationEndpoint"] = endpoint);

        Assert.StartsWith(endpoint + "response_type=code", uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAuthorizationUri_CodeChallenge_AddsS256ParametersLast()
    {
        var uri = Build(json => json["customConfig"] = new JsonObject { ["codeChallengeMethod"] = "plain" }, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

        var query = Query(uri);
        Assert.Equal([new("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), new("code_challenge_method", "S256")], query.TakeLast(2));
    }

    [Fact]
    public void BuildAuthorizationUri_NoCodeChallenge_SendsNoPkceParameters()
    {
        Assert.DoesNotContain(Query(Build()), p => p.Key.StartsWith("code_challenge", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildAuthorizationUri_SpecialCharacters_AreFormEncoded()
    {
        var uri = Build(json => json["customConfig"] = new JsonObject { ["login_hint"] = "a b+c&d=e/é" }, state: "s t+a/te");

        Assert.Contains("&state=s+t%2Ba%2Fte&", uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("&login_hint=a+b%2Bc%26d%3De%2F%C3%A9", uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("s t+a/te", Query(uri).Single(p => p.Key == "state").Value);
    }
}
