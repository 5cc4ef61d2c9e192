using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 88: a connector's endpoints carry no credentials and no plain http beyond loopback. A URL with a user name or
/// password (<c>https://user:pass@host/...</c>) is refused naming the field, since it would be shown to every admin and
/// sent wherever the URL goes (the client id and secret have fields of their own, kept secret); plain http is refused
/// except on loopback (a provider on the admin's own machine), unless the server opts in for private networks.
/// </summary>
public abstract class Check88ConnectorEndpointChecks(CheckServer server)
{
    [Theory]
    [InlineData("authorizationEndpoint", "https://svc:hunter2-password@idp.example.com/authorize")]
    [InlineData("tokenEndpoint", "https://svc:hunter2-password@idp.example.com/token")]
    [InlineData("userInfoEndpoint", "http://svc:hunter2-password@127.0.0.1:9/userinfo")]
    public async Task Check88_AnEndpointWithCredentialsInItsUrl_IsRefusedNamingTheField_AndNeverShown(string field, string url)
    {
        var id = NewId();

        using var response = await PostConnectorAsync(id, Config(field, url));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty($"config.{field}", out _), body);
        Assert.DoesNotContain("hunter2-password", body, StringComparison.Ordinal);
        using var admin = await ManagementApi.ConnectAsync(server);
        Assert.DoesNotContain("hunter2-password", await (await admin.GetAsync("/api/connectors")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorizationEndpoint")]
    [InlineData("tokenEndpoint")]
    [InlineData("userInfoEndpoint")]
    public async Task Check88_APlainHttpEndpointBeyondLoopback_IsRefusedNamingTheField(string field)
    {
        using var response = await PostConnectorAsync(NewId(), Config(field, "http://idp.internal.example/oauth"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty($"config.{field}");
        Assert.Contains("http", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check88_APlainHttpEndpointOnLoopback_IsAccepted()
    {
        using var response = await PostConnectorAsync(NewId(), Config("tokenEndpoint", "http://127.0.0.1:9/token"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static string NewId() => "endpoints-" + Guid.NewGuid().ToString("N")[..10];

    private static Dictionary<string, object> Config(string field, string url) => new()
    {
        ["authorizationEndpoint"] = "https://idp.example.com/authorize", ["tokenEndpoint"] = "https://idp.example.com/token",
        ["userInfoEndpoint"] = "https://idp.example.com/userinfo", ["clientId"] = "client", ["clientSecret"] = "secret",
        [field] = url,
    };

    private async Task<HttpResponseMessage> PostConnectorAsync(string id, Dictionary<string, object> config)
    {
        using var admin = await ManagementApi.ConnectAsync(server);
        return await admin.PostAsync("/api/connectors", new { id, connectorId = "oauth2", target = id, name = "Endpoints", config });
    }
}

public sealed class Check88ConnectorEndpointTests(CheckServer server)
    : Check88ConnectorEndpointChecks(server), IClassFixture<CheckServer>;

public sealed class Check88ConnectorEndpointOnPostgreSqlTests(PostgresCheckServer server)
    : Check88ConnectorEndpointChecks(server), IClassFixture<PostgresCheckServer>;
