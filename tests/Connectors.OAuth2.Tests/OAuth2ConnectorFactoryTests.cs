using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class OAuth2ConnectorFactoryTests
{
    private static OAuth2ConnectorFactory CreateFactory() =>
        new(new StubHttpClientFactory(new StubHttpMessageHandler(_ => throw new InvalidOperationException("no calls expected"))));

    [Fact]
    public void Metadata_DescribesLogtosOAuth2Connector()
    {
        var metadata = CreateFactory().Metadata;

        Assert.Equal("oauth2", metadata.FactoryId);
        Assert.Equal("OAuth 2.0", metadata.DefaultName);
        Assert.True(metadata.AllowsMultipleInstances);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Description));
    }

    [Fact]
    public void Metadata_Logo_IsAnSvgDataUri()
    {
        var logo = CreateFactory().Metadata.Logo;

        Assert.NotNull(logo);
        Assert.StartsWith("data:image/svg+xml,", logo, StringComparison.Ordinal);
        var svg = Uri.UnescapeDataString(logo["data:image/svg+xml,".Length..]);
        Assert.StartsWith("<svg xmlns='http://www.w3.org/2000/svg'", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg, StringComparison.Ordinal);

        // Nothing in the URI itself that would need escaping inside an HTML attribute or a URL.
        Assert.DoesNotContain(logo, c => c is '<' or '>' or '"' or '#' or ' ');
    }

    [Fact]
    public void SecretFields_IsClientSecretOnly()
    {
        Assert.Equal(["clientSecret"], CreateFactory().SecretFields);
    }

    [Fact]
    public void ConfigSchema_DescribesEveryFieldWithDefaults()
    {
        var schema = CreateFactory().ConfigSchema;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.Equal(
            ["authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret"],
            schema["required"]!.AsArray().Select(n => (string?)n));

        var properties = schema["properties"]!.AsObject();
        Assert.Equal(
            ["authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret", "scope", "responseType", "grantType", "tokenEndpointAuthMethod", "tokenEndpointResponseType", "customConfig", "profileMap", "usePkce", "issuer"],
            properties.Select(p => p.Key));
        Assert.All(properties, p => Assert.False(string.IsNullOrWhiteSpace((string?)p.Value!["description"]), p.Key));

        Assert.Equal("code", (string?)properties["responseType"]!["default"]);
        Assert.Equal("authorization_code", (string?)properties["grantType"]!["default"]);
        Assert.Equal("client_secret_post", (string?)properties["tokenEndpointAuthMethod"]!["default"]);
        Assert.Equal("query-string", (string?)properties["tokenEndpointResponseType"]!["default"]);
        Assert.False((bool)properties["usePkce"]!["default"]!);
        Assert.Null(properties["issuer"]!["default"]);
        Assert.Equal("string", (string?)properties["customConfig"]!["additionalProperties"]!["type"]);
        Assert.Equal("avatar", (string?)properties["profileMap"]!["properties"]!["avatar"]!["default"]);
        Assert.True((bool)schema["additionalProperties"]!);
    }

    [Fact]
    public void ConfigSchema_IsAFreshCopyEachTime()
    {
        var factory = CreateFactory();

        factory.ConfigSchema["title"] = "changed";

        Assert.NotEqual("changed", (string?)factory.ConfigSchema["title"]);
    }

    [Fact]
    public void ValidateConfig_ValidJson_ReturnsTypedConfig()
    {
        var result = CreateFactory().ValidateConfig(TestConfig.Element(TestConfig.Minimal()));

        Assert.True(result.IsValid);
        Assert.IsType<OAuth2ConnectorConfig>(result.Config);
    }

    [Fact]
    public void Create_TypedConfig_ReturnsConnectorHonouringUsePkce()
    {
        var factory = CreateFactory();

        var plain = factory.Create(TestConfig.Create());
        var pkce = factory.Create(TestConfig.Create(json => json["usePkce"] = true));

        Assert.IsType<OAuth2Connector>(plain);
        Assert.False(plain.UsesPkce);
        Assert.True(pkce.UsesPkce);
    }

    [Fact]
    public void Create_OtherObject_ThrowsArgumentException()
    {
        var factory = CreateFactory();

        Assert.Throws<ArgumentException>(() => factory.Create(JsonSerializer.SerializeToElement(new JsonObject())));
        Assert.Throws<ArgumentNullException>(() => factory.Create(null!));
    }

    [Fact]
    public async Task Create_Connector_UsesTheNamedHttpClient()
    {
        var handler = new StubHttpMessageHandler(request => request.Method == HttpMethod.Post
            ? StubHttpMessageHandler.Json("""{"access_token":"a"}""")
            : StubHttpMessageHandler.Json("""{"id":"1"}"""));
        var clients = new StubHttpClientFactory(handler);
        var connector = new OAuth2ConnectorFactory(clients).Create(TestConfig.Create());

        await connector.GetProfileAsync(ConnectorHarness.Callback(), CancellationToken.None);

        Assert.NotEmpty(clients.Names);
        Assert.All(clients.Names, name => Assert.Equal(OAuth2ConnectorFactory.HttpClientName, name));
        Assert.Equal("Connectors.OAuth2", OAuth2ConnectorFactory.HttpClientName);
    }
}
