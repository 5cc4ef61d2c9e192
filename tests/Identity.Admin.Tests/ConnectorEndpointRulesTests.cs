using System.Text.Json;
using Identity.Admin.Definitions;
using Identity.Core.Social;

namespace Identity.Admin.Tests;

public class ConnectorEndpointRulesTests
{
    private static JsonElement Config(string field, string value) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["tokenEndpoint"] = "https://idp.example/token", ["clientId"] = "id", ["scope"] = "openid http://not-a-field", [field] = value,
        });

    [Theory]
    [InlineData("https://user:pass@idp.example/token")]
    [InlineData("https://user@idp.example/token")]
    [InlineData("http://user:pass@127.0.0.1:9/token")]
    public void Check_CredentialsInAUrl_AreRefusedNamingTheField_WithoutQuotingThem(string url)
    {
        var error = Assert.Single(ConnectorEndpointRules.Check(Config("tokenEndpoint", url), ConnectorEndpointPolicy.Default));

        Assert.Equal("tokenEndpoint", error.Field);
        Assert.Contains("clientSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", error.Message.Replace("password", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://idp.internal.example/token", false)]
    [InlineData("http://10.0.0.7/token", false)]
    [InlineData("http://localhost:8080/token", true)]
    [InlineData("http://127.0.0.1:9/token", true)]
    [InlineData("http://[::1]:9/token", true)]
    [InlineData("https://idp.internal.example/token", true)]
    public void Check_PlainHttp_OnlyOnLoopback(string url, bool allowed)
    {
        var errors = ConnectorEndpointRules.Check(Config("userInfoEndpoint", url), ConnectorEndpointPolicy.Default);

        if (allowed)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal("userInfoEndpoint", error.Field);
            Assert.Contains("Connectors:AllowHttpEndpoints=true", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_PlainHttpOnAPrivateNetwork_IsAllowedWhenTheServerOptsIn_ButCredentialsNever()
    {
        var optedIn = new ConnectorEndpointPolicy { AllowHttpEndpoints = true };

        Assert.Empty(ConnectorEndpointRules.Check(Config("tokenEndpoint", "http://idp.internal.example/token"), optedIn));
        Assert.Single(ConnectorEndpointRules.Check(Config("tokenEndpoint", "http://u:p@idp.internal.example/token"), optedIn));
    }

    [Theory]
    [InlineData("https://user:pass@idp.example/token?x=1", "https://********@idp.example/token?x=1")]
    [InlineData("http://u@127.0.0.1:9/p@th", "http://********@127.0.0.1:9/p@th")]
    [InlineData("https://idp.example/token", "https://idp.example/token")]
    [InlineData("not a url user:pass@x", "not a url user:pass@x")]
    public void MaskUserInfo_HidesTheUserNameAndPassword_Only(string url, string expected)
    {
        Assert.Equal(expected, ConnectorEndpointRules.MaskUserInfo(url, ConnectorSecrets.Mask));
    }

    [Fact]
    public void MaskedConfig_AStoredConfigWithCredentialsInAUrl_ShowsThemMasked()
    {
        var masked = MaskedConnectorConfig.Of("""{"tokenEndpoint":"https://svc:hunter2@idp.example/token","clientSecret":"s"}""",
            new HashSet<string> { "clientSecret" });

        Assert.Equal("https://********@idp.example/token", masked["tokenEndpoint"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", masked.ToJsonString(), StringComparison.Ordinal);
    }
}
