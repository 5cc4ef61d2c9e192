using System.Net;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

/// <summary>
/// Runs failure paths in which a provider echoes back every private value the connector knows at that point (the
/// secret, the code and the verifier; from the token response on, the tokens too), and checks that no exception
/// (message, inner exceptions, ToString) carries any of them.
/// </summary>
public class SecretLeakTests
{
    private static readonly string[] Forbidden =
    [
        TestConfig.ClientSecret,
        FormUrlEncoding.Encode(TestConfig.ClientSecret),
        ConnectorHarness.Code,
        ConnectorHarness.AccessToken,
        ConnectorHarness.RefreshToken,
        ConnectorHarness.CodeVerifier,
        // The Basic credentials, as sent (form-encoded first, RFC 6749 2.3.1) and as Logto sends them.
        BasicOf(FormUrlEncoding.Encode(TestConfig.ClientId) + ":" + FormUrlEncoding.Encode(TestConfig.ClientSecret)),
        BasicOf(TestConfig.ClientId + ":" + TestConfig.ClientSecret),
    ];

    private static string BasicOf(string pair) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pair));

    // What the connector knows before the token response: the secret, the verifier and the code.
    private static readonly string Echo =
        $"secret={TestConfig.ClientSecret} encoded={FormUrlEncoding.Encode(TestConfig.ClientSecret)} code={ConnectorHarness.Code} "
        + $"verifier={ConnectorHarness.CodeVerifier}";

    // After the token response, the tokens too.
    private static readonly string EchoAll = $"{Echo} access={ConnectorHarness.AccessToken} refresh={ConnectorHarness.RefreshToken}";

    private static readonly string JsonEcho = System.Text.Json.JsonSerializer.Serialize(Echo);

    private static readonly string JsonEchoAll = System.Text.Json.JsonSerializer.Serialize(EchoAll);

    // A failed token answer that nevertheless carries tokens, and quotes them in its description.
    private static readonly string TokensWithEcho =
        $$"""{"access_token":"{{ConnectorHarness.AccessToken}}","refresh_token":"{{ConnectorHarness.RefreshToken}}","error":"invalid_grant","error_description":{{JsonEchoAll}}}""";

    private static readonly Dictionary<string, Action<ConnectorHarness>> Paths = new()
    {
        { "token 400 with echoing description", h => h.RespondToken($$"""{"error":"invalid_grant","error_description":{{JsonEcho}}}""", HttpStatusCode.BadRequest) },
        { "token 400 plain text", h => h.RespondToken(Echo, HttpStatusCode.BadRequest, "text/plain") },
        { "token 500", h => h.RespondToken(Echo, HttpStatusCode.InternalServerError, "text/plain") },
        { "token 200 error", h => h.RespondToken($"error=bad_verification_code&error_description={FormUrlEncoding.Encode(Echo)}", mediaType: "text/plain") },
        { "token 200 html", h => h.RespondToken($"<html>{Echo}</html>", mediaType: "text/html") },
        { "token bad expires_in", h => h.RespondToken($$"""{"access_token":"{{ConnectorHarness.AccessToken}}","expires_in":"{{ConnectorHarness.Code}}"}""") },
        { "token access_token wrong type", h => h.RespondToken($$"""{"access_token":1,"note":{{JsonEcho}}}""") },
        { "token invalid json", h => h.RespondToken($$"""{"access_token":"{{ConnectorHarness.AccessToken}}", {{JsonEcho}}""") },
        { "token 400 carrying tokens", h => h.RespondToken(TokensWithEcho, HttpStatusCode.BadRequest) },
        { "token 502 carrying tokens", h => h.RespondToken(TokensWithEcho, HttpStatusCode.BadGateway) },
        { "token 200 tokens but bad expires_in", h => h.RespondToken($$"""{"access_token":"{{ConnectorHarness.AccessToken}}","expires_in":"{{ConnectorHarness.AccessToken}}"}""") },
        { "token 400 echoing the request's headers", h => h.TokenResponder = (request, _) => Task.FromResult(StubHttpMessageHandler.Text(
            $"bad creds: {request.Headers.Authorization} | Authorization: {request.Headers.Authorization} | {Echo} | "
            + $"{Forbidden[^2]} {Forbidden[^1]}", HttpStatusCode.BadRequest, "text/plain")) },
        { "token 500 echoing the request's headers", h => h.TokenResponder = (request, _) => Task.FromResult(StubHttpMessageHandler.Text(
            $$"""{"headers":{"Authorization":"{{request.Headers.Authorization}}"},"seen":"{{Forbidden[^1]}}"}""", HttpStatusCode.InternalServerError)) },
        { "token network failure", h => h.TokenResponder = (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError) },
        { "user info 401 echoing token", h => h.RespondUserInfo(EchoAll, HttpStatusCode.Unauthorized, "text/plain") },
        { "user info 403 json echo", h => h.RespondUserInfo($$"""{"message":{{JsonEchoAll}}}""", HttpStatusCode.Forbidden) },
        { "user info 503", h => h.RespondUserInfo(EchoAll, HttpStatusCode.ServiceUnavailable, "text/plain") },
        { "user info not json", h => h.RespondUserInfo($"not json {EchoAll}") },
        { "user info array", h => h.RespondUserInfo($"[{JsonEchoAll}]") },
        { "user info no id", h => h.RespondUserInfo($$"""{"token":{{JsonEchoAll}}}""") },
        { "user info email wrong type", h => h.RespondUserInfo($$$"""{"id":"u","email":{"echo":{{{JsonEchoAll}}}}}""") },
    };

    public static TheoryData<string> FailurePaths() => [.. Paths.Keys];

    [Theory]
    [MemberData(nameof(FailurePaths))]
    public async Task GetProfile_FailurePath_NeverExposesSecrets(string name)
    {
        var arrange = Paths[name];
        foreach (var authMethod in new[] { "client_secret_post", "client_secret_basic" })
        {
            var harness = new ConnectorHarness(json => json["tokenEndpointAuthMethod"] = authMethod);
            arrange(harness);

            var exception = await harness.GetProfileFailureAsync(ConnectorHarness.Callback(codeVerifier: ConnectorHarness.CodeVerifier));

            AssertClean(exception, $"{name} ({authMethod})");
        }
    }

    [Fact]
    public async Task GetProfile_CallbackErrorEchoingCode_NeverExposesIt()
    {
        var harness = new ConnectorHarness();

        var exception = await harness.GetProfileFailureAsync(
            ConnectorHarness.Callback(codeVerifier: ConnectorHarness.CodeVerifier, extra: [("error", "server_error"), ("error_description", Echo)]));

        AssertClean(exception, "callback error");
    }

    [Fact]
    public async Task GetProfile_Timeout_NeverExposesSecrets()
    {
        var harness = new ConnectorHarness(json => json["customConfig"] = new JsonObject { ["x"] = "y" });
        harness.TokenResponder = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };

        var pending = harness.GetProfileFailureAsync();
        harness.Time.Advance(OAuth2Connector.TokenRequestTimeout);

        AssertClean(await pending, "timeout");
    }

    [Fact]
    public void AssertClean_MessageWithSecret_Fails()
    {
        // The check itself must be able to fail.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            AssertClean(new ConnectorException(ConnectorErrorCode.General, $"oops {ConnectorHarness.AccessToken}"), "self-test"));
    }

    private static void AssertClean(ConnectorException exception, string path)
    {
        var texts = new List<string> { exception.Message, exception.ToString() };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            texts.Add(inner.Message);
        }

        foreach (var text in texts)
        {
            foreach (var forbidden in Forbidden)
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"{path}: '{forbidden}' leaked in: {text}");
            }
        }
    }
}
