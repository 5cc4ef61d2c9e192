using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

/// <summary>RFC 9207: with an <c>issuer</c> configured, the callback's <c>iss</c> must equal it before the code is exchanged.</summary>
public class CallbackIssuerTests
{
    private const string Issuer = "https://provider.test";

    private static ConnectorHarness WithIssuer() => new(json => json["issuer"] = Issuer);

    [Fact]
    public async Task GetProfile_MatchingIss_ExchangesTheCode()
    {
        var harness = WithIssuer();

        var profile = await harness.GetProfileAsync(ConnectorHarness.Callback(extra: [("iss", Issuer)]));

        Assert.Equal("u-1", profile.Id);
        Assert.Equal([HttpMethod.Post, HttpMethod.Get], harness.Handler.Requests.Select(r => r.Method));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetProfile_MissingIss_IsIssuerMismatchWithoutUpstreamCalls(string? iss)
    {
        var harness = WithIssuer();
        var callback = iss is null ? ConnectorHarness.Callback() : ConnectorHarness.Callback(extra: [("iss", iss)]);

        var exception = await harness.GetProfileFailureAsync(callback);

        Assert.Equal(ConnectorErrorCode.IssuerMismatch, exception.Code);
        Assert.Equal("callback: 'iss' is missing, but the connector expects the issuer 'https://provider.test' (RFC 9207)", exception.Message);
        Assert.Empty(harness.Handler.Requests);
    }

    [Theory]
    [InlineData("https://attacker.test")]
    [InlineData("https://provider.test/")]
    [InlineData("https://PROVIDER.test")]
    [InlineData("https://provider.test,https://provider.test")]
    public async Task GetProfile_WrongIss_IsIssuerMismatchWithoutUpstreamCalls(string iss)
    {
        var harness = WithIssuer();

        var exception = await harness.GetProfileFailureAsync(ConnectorHarness.Callback(extra: [("iss", iss)]));

        Assert.Equal(ConnectorErrorCode.IssuerMismatch, exception.Code);
        Assert.Equal($"callback: 'iss' is '{iss}', but the connector expects the issuer 'https://provider.test' (RFC 9207)", exception.Message);
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task GetProfile_WrongIssOnAnErrorResponse_IsIssuerMismatchNotCancelled()
    {
        var harness = WithIssuer();

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(code: null, extra: [("error", "access_denied"), ("iss", "https://attacker.test")]));

        Assert.Equal(ConnectorErrorCode.IssuerMismatch, exception.Code);
    }

    [Fact]
    public async Task GetProfile_WrongIss_QuotesItSafely()
    {
        var harness = WithIssuer();

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(extra: [("iss", "https://attacker.test/\r\n" + ConnectorHarness.Code + new string('x', 500))]));

        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.DoesNotContain(ConnectorHarness.Code, exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 300, exception.Message);
    }

    [Fact]
    public async Task GetProfile_NoIssuerConfigured_IgnoresAnyIss()
    {
        var harness = new ConnectorHarness();

        var profile = await harness.GetProfileAsync(ConnectorHarness.Callback(extra: [("iss", "https://whoever.test")]));

        Assert.Equal("u-1", profile.Id);
    }
}
