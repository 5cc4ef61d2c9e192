namespace Connectors.OAuth2.Tests;

public class FormUrlEncodingTests
{
    [Theory]
    [InlineData("abcXYZ019", "abcXYZ019")]
    [InlineData("*-._", "*-._")]
    [InlineData("a b", "a+b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("a:b/c?d&e=f#g", "a%3Ab%2Fc%3Fd%26e%3Df%23g")]
    [InlineData("~!'()", "%7E%21%27%28%29")]
    [InlineData("é€", "%C3%A9%E2%82%AC")]
    public void Encode_Value_MatchesUrlSearchParams(string value, string expected)
    {
        Assert.Equal(expected, FormUrlEncoding.Encode(value));
    }

    [Fact]
    public void Serialize_Pairs_KeepsOrder()
    {
        Assert.Equal("b=1&a=x+y", FormUrlEncoding.Serialize([new("b", "1"), new("a", "x y")]));
    }

    [Fact]
    public void Parse_Body_DecodesPlusAndPercent()
    {
        var pairs = FormUrlEncoding.Parse("?access_token=a%2Bb&scope=read+write&&flag&empty=");

        Assert.Equal(
            [new("access_token", "a+b"), new("scope", "read write"), new("flag", ""), new("empty", "")],
            pairs);
    }

    [Fact]
    public void Parse_EncodedThenParsed_RoundTrips()
    {
        const string Value = "x y+z:é&=%";

        var pairs = FormUrlEncoding.Parse(FormUrlEncoding.Serialize([new("k", Value)]));

        Assert.Equal(Value, Assert.Single(pairs).Value);
    }
}
