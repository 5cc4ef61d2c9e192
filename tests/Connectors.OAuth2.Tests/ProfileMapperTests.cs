using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class ProfileMapperTests
{
    private static SocialProfile Map(string userInfo, OAuth2ProfileMap? map = null) =>
        ProfileMapper.Map(TestConfig.Element(userInfo), map ?? OAuth2ProfileMap.Default);

    private static ConnectorException Fails(string userInfo, OAuth2ProfileMap? map = null)
    {
        var exception = Assert.Throws<ConnectorException>(() => Map(userInfo, map));
        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        return exception;
    }

    [Fact]
    public void Map_DefaultMap_ReadsSameNamedKeys()
    {
        var profile = Map("""{"id":"u1","email":"a@b.c","phone":"+15550100","name":"Ada","avatar":"https://img/a.png"}""");

        Assert.Equal("u1", profile.Id);
        Assert.Equal("a@b.c", profile.Email);
        Assert.Equal("+15550100", profile.Phone);
        Assert.Equal("Ada", profile.Name);
        Assert.Equal("https://img/a.png", profile.Avatar);
        Assert.False(profile.EmailVerified);
    }

    [Fact]
    public void Map_OnlyId_LeavesOthersNull()
    {
        var profile = Map("""{"id":"u1"}""");

        Assert.Equal(new[] { profile.Email, profile.Phone, profile.Name, profile.Avatar }, new string?[] { null, null, null, null });
    }

    [Fact]
    public void Map_NestedPaths_AreFollowed()
    {
        var profile = Map(
            """{"data":{"id":"nested-id","attributes":{"email":"n@x.y"}}}""",
            new OAuth2ProfileMap(Id: "data.id", Email: "data.attributes.email"));

        Assert.Equal("nested-id", profile.Id);
        Assert.Equal("n@x.y", profile.Email);
    }

    [Fact]
    public void Map_ArrayIndexPath_IsFollowed()
    {
        var profile = Map(
            """{"items":[{"id":"first","emails":["e0@x.y","e1@x.y"]}]}""",
            new OAuth2ProfileMap(Id: "items.0.id", Email: "items.0.emails.1"));

        Assert.Equal("first", profile.Id);
        Assert.Equal("e1@x.y", profile.Email);
    }

    [Theory]
    [InlineData("123", "123")]
    [InlineData("0", "0")]
    [InlineData("-7", "-7")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    public void Map_NumericId_BecomesInvariantString(string json, string expected)
    {
        Assert.Equal(expected, Map($$"""{"id":{{json}}}""").Id);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    public void Map_NonIntegerNumericId_IsInvalidResponse(string json)
    {
        Assert.Equal("user info: 'id' (profileMap.id = 'id') is a number that is not an integer", Fails($$"""{"id":{{json}}}""").Message);
    }

    [Fact]
    public void Map_GitHubLikeUser_MapsLoginAndAvatarUrl()
    {
        var profile = Map(
            """{"id":123,"login":"octo","avatar_url":"https://avatars.example/u/123","email":null,"name":null}""",
            new OAuth2ProfileMap(Name: "login", Avatar: "avatar_url"));

        Assert.Equal("123", profile.Id);
        Assert.Equal("octo", profile.Name);
        Assert.Equal("https://avatars.example/u/123", profile.Avatar);
        Assert.Null(profile.Email);
    }

    [Theory]
    [InlineData("""{"name":"no id"}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":false}""")]
    public void Map_MissingId_IsInvalidResponseNamingPath(string userInfo)
    {
        var exception = Fails(userInfo, new OAuth2ProfileMap(Id: "sub"));

        Assert.Equal("user info: the user info has no 'id' (profileMap.id = 'sub')", exception.Message);
    }

    [Theory]
    [InlineData("""{"id":true}""", "a boolean")]
    [InlineData("""{"id":{"v":1}}""", "an object")]
    [InlineData("""{"id":["a"]}""", "an array")]
    public void Map_IdOfWrongType_IsInvalidResponseNamingType(string userInfo, string found)
    {
        Assert.Equal($"user info: 'id' (profileMap.id = 'id') is {found}, expected a string or an integer", Fails(userInfo).Message);
    }

    [Fact]
    public void Map_EmailAsNumber_IsInvalidResponseNamingFieldPathAndType()
    {
        var exception = Fails("""{"id":"u","mail":12}""", new OAuth2ProfileMap(Email: "mail"));

        Assert.Equal("user info: 'email' (profileMap.email = 'mail') is a number, expected a string", exception.Message);
    }

    [Theory]
    [InlineData("phone", """{"id":"u","phone":{"n":"1"}}""", "an object")]
    [InlineData("name", """{"id":"u","name":["A"]}""", "an array")]
    [InlineData("avatar", """{"id":"u","avatar":true}""", "a boolean")]
    public void Map_OtherFieldsOfWrongType_AreInvalidResponse(string field, string userInfo, string found)
    {
        Assert.Equal($"user info: '{field}' (profileMap.{field} = '{field}') is {found}, expected a string", Fails(userInfo).Message);
    }

    [Fact]
    public void Map_FalsyValues_AreDroppedLikeLogto()
    {
        var profile = Map("""{"id":"u","email":"","phone":0,"name":false,"avatar":null}""");

        Assert.Null(profile.Email);
        Assert.Null(profile.Phone);
        Assert.Null(profile.Name);
        Assert.Null(profile.Avatar);
    }

    [Fact]
    public void Map_LogtoConsolePrefillWithBooleanEmailVerified_DropsFalseButRejectsTrue()
    {
        // Logto's admin form pre-fills profileMap.email = 'email_verified'; false is falsy and dropped, true is not a string.
        var map = new OAuth2ProfileMap(Email: "email_verified");

        Assert.Null(Map("""{"id":"u","email_verified":false}""", map).Email);
        Assert.Contains("is a boolean, expected a string", Fails("""{"id":"u","email_verified":true}""", map).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"u","email":"a@b.c","email_verified":true}""", true)]
    [InlineData("""{"id":"u","email":"a@b.c","email_verified":false}""", false)]
    [InlineData("""{"id":"u","email":"a@b.c","email_verified":"true"}""", false)]
    [InlineData("""{"id":"u","email":"a@b.c"}""", false)]
    [InlineData("""{"id":"u","email":"a@b.c","data":{"email_verified":true}}""", false)]
    public void Map_EmailVerified_OnlyForBooleanTrueClaim(string userInfo, bool expected)
    {
        Assert.Equal(expected, Map(userInfo).EmailVerified);
    }

    [Fact]
    public async Task GetProfile_ConfiguredProfileMap_IsUsedEndToEnd()
    {
        var harness = new ConnectorHarness(json => json["profileMap"] = new JsonObject { ["id"] = "data.uid", ["name"] = "data.display" });
        harness.RespondUserInfo("""{"data":{"uid":987,"display":"Nested"}}""");

        var profile = await harness.GetProfileAsync();

        Assert.Equal("987", profile.Id);
        Assert.Equal("Nested", profile.Name);
    }
}
