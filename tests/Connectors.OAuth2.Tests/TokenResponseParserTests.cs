using System.Net;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class TokenResponseParserTests
{
    private static TokenResponse Parse(string body, OAuth2TokenEndpointResponseType declared = OAuth2TokenEndpointResponseType.Json, HttpStatusCode status = HttpStatusCode.OK) =>
        TokenResponseParser.Parse(status, body, declared, []);

    private static ConnectorException Fails(string body, OAuth2TokenEndpointResponseType declared = OAuth2TokenEndpointResponseType.Json, HttpStatusCode status = HttpStatusCode.OK) =>
        Assert.Throws<ConnectorException>(() => Parse(body, declared, status));

    [Fact]
    public void Parse_Json_ReadsEveryField()
    {
        var token = Parse("""{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","scope":"read"}""");

        Assert.Equal(new TokenResponse("at", "Bearer", 3600, "rt", "read"), token);
    }

    [Fact]
    public void Parse_QueryString_ReadsEveryField()
    {
        var token = Parse("access_token=a%2Bt&token_type=bearer&expires_in=28800&scope=repo+user", OAuth2TokenEndpointResponseType.QueryString);

        Assert.Equal(new TokenResponse("a+t", "bearer", 28800, null, "repo user"), token);
    }

    [Fact]
    public void Parse_DeclaredQueryStringButJsonBody_ReadsJson()
    {
        var token = Parse("""  {"access_token":"at","token_type":"Bearer"}""", OAuth2TokenEndpointResponseType.QueryString);

        Assert.Equal("at", token.AccessToken);
    }

    [Fact]
    public void Parse_DeclaredJsonButFormBody_ReadsForm()
    {
        var token = Parse("access_token=at&token_type=bearer", OAuth2TokenEndpointResponseType.Json);

        Assert.Equal("at", token.AccessToken);
    }

    [Fact]
    public void Parse_DeclaredJsonAmbiguousBody_FollowsDeclaration()
    {
        var exception = Fails("not json at all", OAuth2TokenEndpointResponseType.Json);

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal("token response: the body is not valid JSON", exception.Message);
    }

    [Theory]
    [InlineData(OAuth2TokenEndpointResponseType.Json)]
    [InlineData(OAuth2TokenEndpointResponseType.QueryString)]
    public void Parse_Html_IsInvalidResponse(OAuth2TokenEndpointResponseType declared)
    {
        var exception = Fails("\n <!DOCTYPE html><html><body>access_token=x</body></html>", declared);

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal("token response: the token endpoint returned HTML, not a token response", exception.Message);
    }

    [Fact]
    public void Parse_EmptyBody_IsInvalidResponse()
    {
        Assert.Equal("token response: the body is empty", Fails("  ").Message);
    }

    [Fact]
    public void Parse_JsonArray_IsInvalidResponse()
    {
        Assert.Equal("token response: the body is an array, expected a JSON object", Fails("[1]").Message);
    }

    [Theory]
    [InlineData("""{"token_type":"Bearer"}""", "token response: 'access_token' is missing")]
    [InlineData("""{"access_token":null}""", "token response: 'access_token' is missing")]
    [InlineData("""{"access_token":""}""", "token response: 'access_token' is empty")]
    [InlineData("""{"access_token":42}""", "token response: 'access_token' is a number, expected a string")]
    [InlineData("""{"access_token":"a\r\nX-Injected: 1"}""", "token response: 'access_token' contains control characters")]
    [InlineData("token_type=bearer", "token response: 'access_token' is missing")]
    public void Parse_BadAccessToken_IsInvalidResponseNamingIt(string body, string message)
    {
        var exception = Fails(body);

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal(message, exception.Message);
    }

    [Theory]
    [InlineData("""{"access_token":"at"}""")]
    [InlineData("""{"access_token":"at","token_type":null}""")]
    [InlineData("""{"access_token":"at","token_type":""}""")]
    [InlineData("access_token=at")]
    public void Parse_TokenTypeMissing_IsBearer(string body)
    {
        Assert.Equal("Bearer", Parse(body).TokenType);
    }

    [Fact]
    public void Parse_TokenTypeNotAToken_IsInvalidResponse()
    {
        Assert.StartsWith("token response: 'token_type' is not a valid authorization scheme", Fails("""{"access_token":"at","token_type":"Bearer x"}""").Message, StringComparison.Ordinal);
        Assert.Equal("token response: 'token_type' is a boolean, expected a string", Fails("""{"access_token":"at","token_type":true}""").Message);
    }

    [Theory]
    [InlineData("""{"access_token":"at","expires_in":"3600"}""", 3600)]
    [InlineData("""{"access_token":"at","expires_in":7199.5}""", 7199.5)]
    [InlineData("access_token=at&expires_in=60", 60)]
    public void Parse_ExpiresInNumberOrNumericString_IsAccepted(string body, double expected)
    {
        Assert.Equal(expected, Parse(body).ExpiresIn);
    }

    [Fact]
    public void Parse_ExpiresInMissing_IsNull()
    {
        Assert.Null(Parse("""{"access_token":"at","expires_in":null}""").ExpiresIn);
    }

    [Theory]
    [InlineData("""{"access_token":"at","expires_in":"soon"}""", "token response: 'expires_in' is 'soon', expected a number of seconds")]
    [InlineData("""{"access_token":"at","expires_in":true}""", "token response: 'expires_in' is a boolean, expected a number of seconds")]
    [InlineData("access_token=at&expires_in=1h", "token response: 'expires_in' is '1h', expected a number of seconds")]
    public void Parse_ExpiresInNotNumeric_IsInvalidResponseNamingIt(string body, string message)
    {
        var exception = Fails(body);

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Parse_UnusedFieldsOfOddType_AreIgnored()
    {
        var token = Parse("""{"access_token":"at","scope":["a","b"],"refresh_token":1}""");

        Assert.Null(token.Scope);
        Assert.Null(token.RefreshToken);
    }

    [Fact]
    public void Parse_SuccessStatusWithErrorBody_IsAuthorizationFailed()
    {
        // GitHub's answer to a spent code: HTTP 200, form-encoded.
        var exception = Fails(
            "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs",
            OAuth2TokenEndpointResponseType.QueryString);

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("token response: the token endpoint refused the code: 'bad_verification_code': The code passed is incorrect or expired.", exception.Message);
    }

    [Fact]
    public void Parse_400InvalidGrant_IsAuthorizationFailedNamingUpstreamError()
    {
        var exception = Fails("""{"error":"invalid_grant","error_description":"Code expired"}""", status: HttpStatusCode.BadRequest);

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("token request: the token endpoint refused the code (HTTP 400): 'invalid_grant': Code expired", exception.Message);
    }

    [Fact]
    public void Parse_401FormErrorWhileDeclaredJson_StillNamesUpstreamError()
    {
        var exception = Fails("error=invalid_client", status: HttpStatusCode.Unauthorized);

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Equal("token request: the token endpoint refused the code (HTTP 401): 'invalid_client'", exception.Message);
    }

    [Fact]
    public void Parse_4xxWithoutOAuthError_QuotesSanitizedTruncatedBody()
    {
        var exception = Fails("Not\r\nFound" + new string('!', 500), status: HttpStatusCode.NotFound);

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.StartsWith("token request: the token endpoint refused the code (HTTP 404): Not  Found!!!", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
        Assert.True(exception.Message.Length < 300, exception.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public void Parse_5xxOrTransient4xx_IsUpstreamUnavailable(HttpStatusCode status)
    {
        var exception = Fails("""{"error":"temporarily_unavailable"}""", status: status);

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.StartsWith($"token request: the token endpoint is unavailable (HTTP {(int)status})", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Redirect_IsInvalidResponse()
    {
        var exception = Fails("", status: HttpStatusCode.Found);

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Contains("redirect (HTTP 302)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_Timeout_IsUpstreamUnavailable()
    {
        var harness = new ConnectorHarness();
        harness.TokenResponder = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };

        var pending = harness.GetProfileFailureAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(pending.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        var exception = await pending;

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.Equal("token request: the token endpoint did not answer within 10 s", exception.Message);
    }

    [Fact]
    public async Task TokenRequest_NetworkFailure_IsUpstreamUnavailable()
    {
        var harness = new ConnectorHarness();
        harness.TokenResponder = (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (provider.test:443)");

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.Equal("token request: the token endpoint could not be reached (ConnectionError)", exception.Message);
        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Fact]
    public async Task TokenRequest_CallerCancels_ThrowsOperationCanceled()
    {
        var harness = new ConnectorHarness();
        harness.TokenResponder = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        using var cancellation = new CancellationTokenSource();

        var pending = harness.Connector.GetProfileAsync(ConnectorHarness.Callback(), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task TokenRequest_400InvalidGrant_ThroughConnector_IsAuthorizationFailed()
    {
        var harness = new ConnectorHarness();
        harness.RespondToken("""{"error":"invalid_grant"}""", HttpStatusCode.BadRequest);

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.AuthorizationFailed, exception.Code);
        Assert.Contains("'invalid_grant'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Handler.Requests, r => r.Method == HttpMethod.Get);
    }
}
