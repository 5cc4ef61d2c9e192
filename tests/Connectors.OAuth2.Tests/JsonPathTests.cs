using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class JsonPathTests
{
    private static readonly System.Text.Json.JsonElement Document = TestConfig.Element(
        """{"id":"top","data":{"id":"nested","deep":{"x":1}},"items":[{"id":"first"},{"id":"second"}],"0":"zero-key","a.b":"dotted"}""");

    [Theory]
    [InlineData("id", "top")]
    [InlineData("data.id", "nested")]
    [InlineData("items.0.id", "first")]
    [InlineData("items.1.id", "second")]
    [InlineData("0", "zero-key")]
    public void TryGet_ExistingPath_FindsValue(string path, string expected)
    {
        Assert.True(JsonPath.TryGet(Document, path, out var value));
        Assert.Equal(expected, value.GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("data.missing")]
    [InlineData("items.2.id")]
    [InlineData("items.01.id")]
    [InlineData("items.-1.id")]
    [InlineData("items.first")]
    [InlineData("id.length")]
    [InlineData("data.deep.x.y")]
    [InlineData("a.b")]
    [InlineData("")]
    public void TryGet_MissingPath_IsFalse(string path)
    {
        Assert.False(JsonPath.TryGet(Document, path, out _));
    }
}
