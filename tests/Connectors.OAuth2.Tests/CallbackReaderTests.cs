using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class CallbackReaderTests
{
    [Fact]
    public async Task GetProfile_AccessDenied_IsAuthorizationCancelledWithoutUpstreamCalls()
    {
        var harness = new ConnectorHarness();

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(code: null, extra: [("error", "access_denied"), ("error_description", "The user denied access")]));

        Assert.Equal(ConnectorErrorCode.AuthorizationCancelled, exception.Code);
        Assert.Equal("callback: the user cancelled the sign-in at the provider ('access_denied': The user denied access)", exception.Message);
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task GetProfile_OtherError_IsAuthorizationFailedNamingIt()
    {
        var harness = new ConnectorHarness();

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(code: null, extra: [("error", "invalid_scope"), ("error_description", "Unknown scope 'x'")]));

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("callback: the provider returned an error: 'invalid_scope': Unknown scope 'x'", exception.Message);
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task GetProfile_ErrorWithCode_ErrorWins()
    {
        var harness = new ConnectorHarness();

        var exception = await harness.GetProfileFailureAsync(ConnectorHarness.Callback(extra: [("error", "server_error")]));

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public async Task GetProfile_ErrorDescription_IsSanitizedAndTruncated()
    {
        var harness = new ConnectorHarness();
        var description = "bad\r\n\u0007thing " + new string('x', 1000);

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(code: null, extra: [("error", "server_error"), ("error_description", description)]));

        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.Contains("bad   thing xxx", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 300, exception.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetProfile_MissingCode_IsAuthorizationFailed(string? code)
    {
        var harness = new ConnectorHarness();

        var exception = await harness.GetProfileFailureAsync(ConnectorHarness.Callback(code: code));

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("callback: 'code' is missing", exception.Message);
        Assert.Empty(harness.Handler.Requests);
    }
}
