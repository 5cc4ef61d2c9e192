using System.Net;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.OAuth2.Tests.Support;

/// <summary>
/// A connector wired to a stub provider: the token endpoint and the user info endpoint each answer with a
/// test-supplied function. Defaults: a JSON token response with <see cref="AccessToken"/>, and a small user info.
/// </summary>
internal sealed class ConnectorHarness
{
    public const string Code = "CODE-4f9a-authcode";
    public const string AccessToken = "ACCESS-9b2c-token";
    public const string RefreshToken = "REFRESH-77de-token";
    public const string CodeVerifier = "VERIFIER-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG";

    public static readonly Uri RedirectUri = new("https://id.example/callback/conn-1");

    public ConnectorHarness(Action<System.Text.Json.Nodes.JsonObject>? edit = null)
    {
        Config = TestConfig.Create(edit);
        Handler = new StubHttpMessageHandler((request, cancellationToken) =>
            request.RequestUri!.AbsoluteUri.StartsWith(TestConfig.TokenEndpoint, StringComparison.Ordinal)
                ? TokenResponder(request, cancellationToken)
                : UserInfoResponder(request, cancellationToken));
        Connector = new OAuth2Connector(Config, new StubHttpClientFactory(Handler), Time);
    }

    public OAuth2ConnectorConfig Config { get; }

    public StubHttpMessageHandler Handler { get; }

    public FakeTimeProvider Time { get; } = new();

    public OAuth2Connector Connector { get; }

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> TokenResponder { get; set; } =
        (_, _) => Task.FromResult(StubHttpMessageHandler.Json($$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":3600,"refresh_token":"{{RefreshToken}}"}"""));

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> UserInfoResponder { get; set; } =
        (_, _) => Task.FromResult(StubHttpMessageHandler.Json("""{"id":"u-1","email":"ada@example.com","name":"Ada"}"""));

    public RecordedRequest TokenRequest => Handler.Requests.Single(r => r.Method == HttpMethod.Post);

    public RecordedRequest UserInfoRequest => Handler.Requests.Single(r => r.Method == HttpMethod.Get);

    public void RespondToken(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        TokenResponder = (_, _) => Task.FromResult(StubHttpMessageHandler.Text(body, status, mediaType));

    public void RespondUserInfo(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        UserInfoResponder = (_, _) => Task.FromResult(StubHttpMessageHandler.Text(body, status, mediaType));

    public static CallbackContext Callback(string? code = Code, string? codeVerifier = null, params (string Key, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string> { ["state"] = "state-1" };
        if (code is not null)
        {
            parameters["code"] = code;
        }

        foreach (var (key, value) in extra)
        {
            parameters[key] = value;
        }

        return new CallbackContext(parameters, RedirectUri, codeVerifier);
    }

    public Task<SocialProfile> GetProfileAsync(CallbackContext? callback = null) =>
        Connector.GetProfileAsync(callback ?? Callback(), CancellationToken.None);

    public async Task<ConnectorException> GetProfileFailureAsync(CallbackContext? callback = null) =>
        await Assert.ThrowsAsync<ConnectorException>(() => GetProfileAsync(callback));
}
