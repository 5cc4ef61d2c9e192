using System.Net;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class UserInfoReaderTests
{
    [Fact]
    public async Task UserInfoRequest_SendsGetWithTokenAndAcceptJson()
    {
        var harness = new ConnectorHarness();

        await harness.GetProfileAsync();

        var request = harness.UserInfoRequest;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(TestConfig.UserInfoEndpoint, request.Uri.AbsoluteUri);
        Assert.Equal($"Bearer {ConnectorHarness.AccessToken}", request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.Null(request.Body);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public async Task UserInfoRequest_LowercaseBearer_IsNormalized(string tokenType)
    {
        var harness = new ConnectorHarness();
        harness.RespondToken($"access_token=tok&token_type={tokenType}", mediaType: "application/x-www-form-urlencoded");

        await harness.GetProfileAsync();

        Assert.Equal("Bearer tok", harness.UserInfoRequest.Authorization);
    }

    [Fact]
    public async Task UserInfoRequest_OtherTokenType_IsKeptAsGiven()
    {
        var harness = new ConnectorHarness();
        harness.RespondToken("""{"access_token":"tok","token_type":"token"}""");

        await harness.GetProfileAsync();

        Assert.Equal("token tok", harness.UserInfoRequest.Authorization);
    }

    [Fact]
    public async Task UserInfoRequest_NoTokenType_SendsBearer()
    {
        var harness = new ConnectorHarness();
        harness.RespondToken("""{"access_token":"tok"}""");

        await harness.GetProfileAsync();

        Assert.Equal("Bearer tok", harness.UserInfoRequest.Authorization);
    }

    [Fact]
    public void BuildRequest_EndpointWithQuery_KeepsIt()
    {
        using var request = UserInfoReader.BuildRequest(new Uri("https://provider.test/me?fields=id,name"), new TokenResponse("t", "Bearer", null, null, null));

        Assert.Equal("https://provider.test/me?fields=id,name", request.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("[{\"id\":1}]", "user info: the body is an array, expected a JSON object")]
    [InlineData("\"text\"", "user info: the body is a string, expected a JSON object")]
    [InlineData("null", "user info: the body is null, expected a JSON object")]
    [InlineData("{\"id\":", "user info: the body is not valid JSON")]
    [InlineData("", "user info: the body is not valid JSON")]
    [InlineData("<html>login</html>", "user info: the user info endpoint returned HTML, not JSON")]
    public async Task UserInfo_NotAJsonObject_IsInvalidResponse(string body, string message)
    {
        var harness = new ConnectorHarness();
        harness.RespondUserInfo(body);

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public async Task UserInfo_401_IsAuthorizationFailedQuotingBody()
    {
        var harness = new ConnectorHarness();
        harness.RespondUserInfo("""{"message":"Bad credentials"}""", HttpStatusCode.Unauthorized);

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("""user info: the user info endpoint refused the access token (HTTP 401): {"message":"Bad credentials"}""", exception.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, ConnectorErrorCode.AuthorizationFailed)]
    [InlineData(HttpStatusCode.NotFound, ConnectorErrorCode.AuthorizationFailed)]
    [InlineData(HttpStatusCode.InternalServerError, ConnectorErrorCode.UpstreamUnavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ConnectorErrorCode.UpstreamUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests, ConnectorErrorCode.UpstreamUnavailable)]
    [InlineData(HttpStatusCode.MovedPermanently, ConnectorErrorCode.InvalidResponse)]
    public void Parse_HttpError_MapsToCode(HttpStatusCode status, ConnectorErrorCode expected)
    {
        var exception = Assert.Throws<ConnectorException>(() => UserInfoReader.Parse(status, "", []));

        Assert.Equal(expected, exception.Code);
        Assert.Contains($"HTTP {(int)status}", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("user info: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_Timeout_IsUpstreamUnavailableAfterFiveSeconds()
    {
        var harness = new ConnectorHarness();
        var userInfoStarted = new TaskCompletionSource();
        harness.UserInfoResponder = async (_, cancellationToken) =>
        {
            userInfoStarted.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };

        var pending = harness.GetProfileFailureAsync();
        await userInfoStarted.Task;
        harness.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(pending.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        var exception = await pending;

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.Equal("user info: the user info endpoint did not answer within 5 s", exception.Message);
    }

    [Fact]
    public async Task UserInfo_RawData_IsTheWholeDocumentAndOutlivesParsing()
    {
        var harness = new ConnectorHarness();
        harness.RespondUserInfo("""{"id":"u-1","extra":{"plan":"pro"},"list":[1,2]}""");

        var profile = await harness.GetProfileAsync();
        GC.Collect();

        Assert.Equal("pro", profile.RawData.GetProperty("extra").GetProperty("plan").GetString());
        Assert.Equal(2, profile.RawData.GetProperty("list").GetArrayLength());
    }
}
