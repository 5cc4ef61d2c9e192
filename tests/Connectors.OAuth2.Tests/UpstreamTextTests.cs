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

    [Fact]
    public void Quote_NullOrEmpty_IsEmpty()
    {
        Assert.Equal(string.Empty, UpstreamText.Quote(null, []));
        Assert.Equal(string.Empty, UpstreamText.Quote("", []));
    }
}
