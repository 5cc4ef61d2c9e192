using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Check 65: HSTS for a year over https, and the framing, sniffing and referrer headers on every kind of answer.</summary>
public sealed class SecurityHeaderTests(ForwardingServerFactory server) : IClassFixture<ForwardingServerFactory>
{
    private async Task<HttpResponseMessage> GetAsync(string path, string? forwardedProto = null)
    {
        using var http = server.NewBackChannel();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedProto is not null)
        {
            // As a TLS-terminating proxy reports it; a public name, because HSTS is never sent for localhost.
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-Host", "id.example.test");
        }
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Https_GetsHstsForAYear_WithoutSubdomains()
    {
        using var response = await GetAsync("/sign-in", forwardedProto: "https");

        var hsts = SecurityHeaderAssertions.Header(response, "Strict-Transport-Security");
        Assert.Equal("max-age=31536000", hsts);
    }

    [Fact]
    public async Task PlainHttp_GetsNoHsts()
    {
        using var response = await GetAsync("/sign-in");

        Assert.Null(SecurityHeaderAssertions.Header(response, "Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/no-such-page")]
    [InlineData("/oidc/.well-known/openid-configuration")]
    [InlineData("/oidc/auth?client_id=unknown")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var response = await GetAsync(path, forwardedProto: "https");

        SecurityHeaderAssertions.AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task NotFound_CarriesTheSecurityHeaders()
    {
        using var response = await GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        SecurityHeaderAssertions.AssertSecurityHeaders(response);
    }
}
