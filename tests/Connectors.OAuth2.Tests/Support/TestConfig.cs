using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;

namespace Connectors.OAuth2.Tests.Support;

/// <summary>Valid configurations to start from, and the values the leak tests look for.</summary>
internal static class TestConfig
{
    public const string AuthorizationEndpoint = "https://provider.test/oauth/authorize";
    public const string TokenEndpoint = "https://provider.test/oauth/token";
    public const string UserInfoEndpoint = "https://provider.test/api/user";
    public const string ClientId = "client-123";

    // Recognizable, and with ':' and '+' so that encoding mistakes show.
    public const string ClientSecret = "SECRET:value+XYZ-7f3a";

    public static JsonObject Minimal() => new()
    {
        ["authorizationEndpoint"] = AuthorizationEndpoint,
        ["tokenEndpoint"] = TokenEndpoint,
        ["userInfoEndpoint"] = UserInfoEndpoint,
        ["clientId"] = ClientId,
        ["clientSecret"] = ClientSecret,
    };

    public static JsonElement Element(JsonObject json) => JsonSerializer.SerializeToElement(json);

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static ConfigValidationResult Validate(JsonObject json) => OAuth2ConfigValidator.Validate(Element(json));

    /// <summary>A typed config from <see cref="Minimal"/> after <paramref name="edit"/>; fails the test if it is invalid.</summary>
    public static OAuth2ConnectorConfig Create(Action<JsonObject>? edit = null)
    {
        var json = Minimal();
        edit?.Invoke(json);
        var result = Validate(json);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return Assert.IsType<OAuth2ConnectorConfig>(result.Config);
    }
}
