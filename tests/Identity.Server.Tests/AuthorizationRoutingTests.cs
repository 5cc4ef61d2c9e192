using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Which hosted page an authorization request lands on, per Logto's first_screen and interaction_mode.</summary>
public sealed class AuthorizationRoutingTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Theory]
    [InlineData(null, null, "/sign-in")]
    [InlineData(null, "signUp", "/register")]
    [InlineData(null, "signIn", "/sign-in")]
    [InlineData("register", null, "/register")]
    [InlineData("identifier:register", null, "/register")]
    [InlineData("sign_in", "signUp", "/sign-in")]
    [InlineData("register", "signIn", "/register")]
    public async Task Authorize_WithoutSession_LandsOnThePageLogtoWould(string? firstScreen, string? interactionMode, string expectedPath)
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["first_screen"] = firstScreen, ["interaction_mode"] = interactionMode }));

        Assert.Equal(expectedPath, page.Url.AbsolutePath);
        Assert.Equal(expectedPath == "/register" ? "Create your account" : "Sign in to your account", page.Heading);
    }

    [Theory]
    [InlineData("login_hint", "alice_42")]
    [InlineData("identifier", "alice_42")]
    public async Task Authorize_WithUsernameHint_PrefillsTheUsername(string parameter, string value)
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { [parameter] = value }));

        Assert.Equal(value, page.InputValue("username"));
    }

    [Fact]
    public async Task Authorize_IdentifierTypeList_IsNotTakenForAUsername()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["identifier"] = "username email" }));

        Assert.True(string.IsNullOrEmpty(page.InputValue("username")));
    }

    [Fact]
    public async Task Authorize_UnknownParameters_AreIgnored()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["extra"] = "foobar", ["direct_sign_in"] = "social:none", ["ui_locales"] = "de" }));

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Authorize_PromptNoneWithoutSession_RedirectsLoginRequiredWithIss()
    {
        using var browser = server.NewBrowser();

        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.NotNull(result.LeftServerTo);
        Assert.Equal("login_required", result.CallbackParameters["error"]);
        Assert.Equal("state-123", result.CallbackParameters["state"]);
        Assert.Equal(server.Issuer, result.CallbackParameters["iss"]);
    }
}
