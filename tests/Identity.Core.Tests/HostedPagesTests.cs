using Identity.Core.Interaction;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Core.Tests;

public class HostedPagesTests
{
    private static (string Path, Dictionary<string, string> Query) Split(string url)
    {
        var at = url.IndexOf('?', StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{url}' has no query string.");
        var query = QueryHelpers.ParseQuery(url[at..]).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return (url[..at], query);
    }

    [Fact]
    public void ForInteraction_SignIn_BuildsSignInPathWithEncodedReturnUrl()
    {
        Assert.Equal("/sign-in?returnUrl=%2F", HostedPages.ForInteraction(FirstScreen.SignIn, "/", null));
    }

    [Fact]
    public void ForInteraction_RegisterWithUsername_BuildsRegisterPathWithBothParameters()
    {
        Assert.Equal("/register?returnUrl=%2F&username=alice", HostedPages.ForInteraction(FirstScreen.Register, "/", "alice"));
    }

    [Fact]
    public void ForInteraction_ReturnUrlWithQuery_EncodedSoItRoundTripsAsOneParameter()
    {
        const string returnUrl = "/oidc/auth?client_id=x&scope=openid profile&redirect_uri=https%3A%2F%2Fapp.example%2Fcb#frag";

        var url = HostedPages.ForInteraction(FirstScreen.SignIn, returnUrl, null);

        var (path, query) = Split(url);
        Assert.Equal(HostedPages.SignIn, path);
        Assert.Equal([HostedPages.ReturnUrlParameter], query.Keys);
        Assert.Equal(returnUrl, query[HostedPages.ReturnUrlParameter]);
        Assert.DoesNotContain("&scope", url, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", url, StringComparison.Ordinal);
        Assert.DoesNotContain("#", url, StringComparison.Ordinal);
    }

    [Fact]
    public void ForInteraction_UsernameWithReservedCharacters_EncodedAndRoundTrips()
    {
        const string username = "a&returnUrl=https://evil.example+ #x";

        var (path, query) = Split(HostedPages.ForInteraction(FirstScreen.Register, "/oidc/auth?client_id=x", username));

        Assert.Equal(HostedPages.Register, path);
        Assert.Equal(2, query.Count);
        Assert.Equal("/oidc/auth?client_id=x", query[HostedPages.ReturnUrlParameter]);
        Assert.Equal(username, query[HostedPages.UsernameParameter]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ForInteraction_NoUsername_OmitsUsernameParameter(string? username)
    {
        var url = HostedPages.ForInteraction(FirstScreen.SignIn, "/", username);

        Assert.Equal("/sign-in?returnUrl=%2F", url);
        Assert.DoesNotContain(HostedPages.UsernameParameter, url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/oidc/auth?client_id=x")]
    [InlineData("/sign-in")]
    [InlineData("/a/b/c?x=1&y=2#section")]
    [InlineData("/oidc/auth?redirect_uri=https%3A%2F%2Fapp.example%2Fcb")]
    public void IsLocalUrl_PathOnThisServer_Accepted(string url)
    {
        Assert.True(HostedPages.IsLocalUrl(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/path")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("evil.example")]
    [InlineData("oidc/auth")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" /oidc/auth")]
    [InlineData("/\t/evil.example")] // browsers drop tabs and newlines, turning this into //evil.example
    [InlineData("/\r\n/evil.example")]
    [InlineData("/oidc/auth\nLocation: https://evil.example")]
    [InlineData("/\0")]
    [InlineData("/\u007f")]
    public void IsLocalUrl_AnythingElse_Refused(string? url)
    {
        Assert.False(HostedPages.IsLocalUrl(url));
    }

    [Theory]
    [InlineData("/oidc/auth?client_id=x", "/oidc/auth?client_id=x")]
    [InlineData("/", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void SafeReturnUrl_NonLocalUrl_FallsBackToHome(string? url, string expected)
    {
        Assert.Equal(expected, HostedPages.SafeReturnUrl(url));
    }

    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/café?name=Zoë#ü", "/caf%C3%A9?name=Zo%C3%AB#%C3%BC")]
    [InlineData("/中文", "/%E4%B8%AD%E6%96%87")]
    [InlineData("/\U0001F600", "/%F0%9F%98%80")]
    public void SafeReturnUrl_NonAsciiLocalUrl_IsPercentEncodedAsUtf8(string url, string expected)
    {
        Assert.Equal(expected, HostedPages.SafeReturnUrl(url));
    }

    [Theory]
    [InlineData("/oidc/auth?client_id=x&scope=openid%20profile")]
    [InlineData("/a b?c=%C3%A9")]
    public void SafeReturnUrl_AsciiLocalUrl_IsKeptAsItIs(string url)
    {
        Assert.Equal(url, HostedPages.SafeReturnUrl(url));
    }

    [Fact]
    public void WithQuery_Parameters_AppendedEncoded()
    {
        var url = HostedPages.WithQuery("/oidc/auth", [
            new("client_id", "x"),
            new("scope", "openid profile"),
            new("redirect_uri", "https://app.example/cb?a=1&b=2"),
        ]);

        var (path, query) = Split(url);
        Assert.Equal("/oidc/auth", path);
        Assert.Equal("x", query["client_id"]);
        Assert.Equal("openid profile", query["scope"]);
        Assert.Equal("https://app.example/cb?a=1&b=2", query["redirect_uri"]);
        Assert.Equal(3, query.Count);
    }

    [Fact]
    public void WithQuery_NoParameters_ReturnsPathAlone()
    {
        Assert.Equal("/oidc/auth", HostedPages.WithQuery("/oidc/auth", []));
    }
}
