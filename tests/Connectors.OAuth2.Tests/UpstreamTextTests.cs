namespace Connectors.OAuth2.Tests;

public class UpstreamTextTests
{
    [Fact]
    public void Quote_ControlCharacters_BecomeSpaces()
    {
        Assert.Equal("line one  line two  [31m", UpstreamText.Quote("line one\r\nline two\t\u001b[31m", []));
    }

    [Fact]
    public void Quote_LongText_IsTruncated()
    {
        var quoted = UpstreamText.Quote(new string('x', 1000), []);

        Assert.Equal(UpstreamText.MaxLength + 1, quoted.Length);
        Assert.EndsWith("…", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_Secrets_AreRedacted()
    {
        var quoted = UpstreamText.Quote("echo: s3cret and s3cret-longer, code=abc", ["s3cret", "s3cret-longer", null, "", "abc"]);

        Assert.Equal("echo: [redacted] and [redacted], code=[redacted]", quoted);
    }

    [Fact]
    public void Quote_SecretEchoedEncoded_IsRedacted()
    {
        const string Secret = "a:b+c d\"e";

        var quoted = UpstreamText.Quote($"form a%3Ab%2Bc+d%22e, uri a%3Ab%2Bc%20d%22e, json {System.Text.Json.JsonEncodedText.Encode(Secret)}", [Secret]);

        Assert.Equal("form [redacted], uri [redacted], json [redacted]", quoted);
    }

    [Theory]
    [InlineData("bad creds: Authorization: Basic Y2xpZW50OnNlY3JldA== | next", "bad creds: Authorization: [redacted]| next")]
    [InlineData("{\"authorization\":\"Bearer abcdefgh.ijkl\",\"x\":1}", "{\"authorization\":\"[redacted]\",\"x\":1}")]
    [InlineData("proxy-authorization=Basic abc&x=1", "proxy-authorization=[redacted]&x=1")]
    [InlineData("echo Basic Y2xpZW50OnNlY3JldA== and Bearer eyJhbGciOiJIUzI1NiJ9.e30.x end", "echo Basic [redacted] and Bearer [redacted] end")]
    public void Quote_AnyAuthorizationValueOrBasicOrBearerCredential_IsRedacted_EvenWhenNotAKnownSecret(string text, string expected)
    {
        Assert.Equal(expected, UpstreamText.Quote(text, []));
    }

    [Fact]
    public void Quote_WordsAfterBasicOrBearer_AreKept()
    {
        Assert.Equal("Basic auth failed; Bearer token expired", UpstreamText.Quote("Basic auth failed; Bearer token expired", []));
    }

    [Fact]
    public void Quote_NullOrEmpty_IsEmpty()
    {
        Assert.Equal(string.Empty, UpstreamText.Quote(null, []));
        Assert.Equal(string.Empty, UpstreamText.Quote("", []));
    }
}
