using System.Text;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>
/// Request objects (OpenID Connect Core 6): this server does not process <c>request</c> or <c>request_uri</c>, so it must
/// refuse them with the dedicated errors and say so in discovery; silently ignoring them fails the conformance suite.
/// </summary>
public sealed class RequestObjectTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task RequestObject_IsRefusedWithRequestNotSupported()
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["request"] = UnsignedRequestObject() }));

        Assert.True(result.LeftServerTo is not null, $"{result.Status} {result.Url}: {result.Html}");
        Assert.Equal("request_not_supported", result.CallbackParameters["error"]);
        Assert.Equal("state-123", result.CallbackParameters["state"]);
        Assert.Equal(server.Issuer, result.CallbackParameters["iss"]);
    }

    [Theory]
    [InlineData("https://rp.example.test/request.jwt")]
    [InlineData("urn:ietf:params:oauth:request_uri:abc123")]
    public async Task RequestUri_IsRefusedWithRequestUriNotSupported(string requestUri)
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["request_uri"] = requestUri }));

        Assert.True(result.LeftServerTo is not null, $"{result.Status} {result.Url}: {result.Html}");
        Assert.Equal("request_uri_not_supported", result.CallbackParameters["error"]);
        Assert.Equal("state-123", result.CallbackParameters["state"]);
        Assert.Equal(server.Issuer, result.CallbackParameters["iss"]);
    }

    [Fact]
    public async Task RequestObject_WithUnregisteredRedirectUri_IsNeverRedirected()
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, "https://attacker.example.test/callback", Pkce.Create(),
            extra: new Dictionary<string, string?> { ["request"] = UnsignedRequestObject() }));

        Assert.Null(result.LeftServerTo);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task Discovery_SaysRequestObjectsAreNotSupported()
    {
        using var http = server.NewBackChannel();

        var document = JsonDocument.Parse(await http.GetStringAsync("/oidc/.well-known/openid-configuration")).RootElement;

        Assert.False(document.GetProperty("request_parameter_supported").GetBoolean());
        Assert.False(document.GetProperty("request_uri_parameter_supported").GetBoolean());
    }

    // alg "none", carrying a redirect_uri as the conformance suite's module does.
    private static string UnsignedRequestObject()
    {
        static string Encode(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        return Encode("""{"alg":"none"}""") + "." + Encode($$"""
            {"client_id":"{{TestApps.SpaId}}","redirect_uri":"{{TestApps.SpaRedirect}}","response_type":"code","scope":"openid","state":"state-123"}
            """) + ".";
    }
}
