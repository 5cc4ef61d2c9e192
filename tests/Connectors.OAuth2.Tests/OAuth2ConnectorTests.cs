using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class OAuth2ConnectorTests
{
    [Fact]
    public async Task GetProfile_HappyPath_ExchangesCodeThenReadsUserInfo()
    {
        var harness = new ConnectorHarness();
        harness.RespondUserInfo("""{"id":"u-1","email":"ada@example.com","email_verified":true,"name":"Ada","avatar":"https://img/ada.png"}""");

        var profile = await harness.GetProfileAsync();

        Assert.Equal("u-1", profile.Id);
        Assert.Equal("ada@example.com", profile.Email);
        Assert.True(profile.EmailVerified);
        Assert.Equal("Ada", profile.Name);
        Assert.Equal("https://img/ada.png", profile.Avatar);
        Assert.Null(profile.Phone);
        Assert.Equal("u-1", profile.RawData.GetProperty("id").GetString());
        Assert.Equal([HttpMethod.Post, HttpMethod.Get], harness.Handler.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task GetProfile_GitHubStyleQueryStringToken_Works()
    {
        var harness = new ConnectorHarness(json =>
        {
            json["profileMap"] = new JsonObject { ["name"] = "login", ["avatar"] = "avatar_url" };
            json["scope"] = "read:user";
        });
        harness.RespondToken("access_token=gho_abc&scope=read%3Auser&token_type=bearer", mediaType: "application/x-www-form-urlencoded");
        harness.RespondUserInfo("""{"login":"octo","id":583231,"avatar_url":"https://avatars.example/u/583231","email":null}""");

        var profile = await harness.GetProfileAsync();

        Assert.Equal(new[] { "583231", "octo", "https://avatars.example/u/583231" }, new[] { profile.Id, profile.Name, profile.Avatar });
        Assert.Equal("Bearer gho_abc", harness.UserInfoRequest.Authorization);
    }

    [Fact]
    public void UsesPkce_FollowsConfig()
    {
        Assert.False(new ConnectorHarness().Connector.UsesPkce);
        Assert.True(new ConnectorHarness(json => json["usePkce"] = true).Connector.UsesPkce);
    }

    [Fact]
    public async Task GetProfile_TokenFailure_DoesNotCallUserInfo()
    {
        var harness = new ConnectorHarness();
        harness.RespondToken("""{"token_type":"Bearer"}""");

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task GetProfile_UserInfoNetworkFailure_IsUpstreamUnavailable()
    {
        var harness = new ConnectorHarness();
        harness.UserInfoResponder = (_, _) => throw new HttpRequestException(HttpRequestError.NameResolutionError);

        var exception = await harness.GetProfileFailureAsync();

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.Equal("user info: the user info endpoint could not be reached (NameResolutionError)", exception.Message);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        var config = TestConfig.Create();
        var clients = new StubHttpClientFactory(new StubHttpMessageHandler(_ => new HttpResponseMessage()));

        Assert.Throws<ArgumentNullException>(() => new OAuth2Connector(null!, clients));
        Assert.Throws<ArgumentNullException>(() => new OAuth2Connector(config, null!));
    }
}
