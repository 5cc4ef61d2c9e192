namespace Connectors.OAuth2.Tests;

public class SnakeCaseTests
{
    [Theory]
    [InlineData("accessType", "access_type")]
    [InlineData("access_type", "access_type")]
    [InlineData("prompt", "prompt")]
    [InlineData("AccessType", "access_type")]
    [InlineData("XMLHttpRequest", "xml_http_request")]
    [InlineData("loginHint2", "login_hint2")]
    [InlineData("version2Api", "version2_api")]
    [InlineData("access-type", "access_type")]
    [InlineData("access.type", "access_type")]
    [InlineData("__private__", "private")]
    [InlineData("ABC", "abc")]
    [InlineData("client_ID", "client_id")]
    [InlineData("--", "")]
    public void Convert_Key_MatchesLogtosSnakecaseKeys(string key, string expected)
    {
        Assert.Equal(expected, SnakeCase.Convert(key));
    }
}
