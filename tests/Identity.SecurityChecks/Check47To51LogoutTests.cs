using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 47–51: RP-initiated logout (<c>/oidc/session/end</c>) and what is left of a session after it.</summary>
public sealed class Check47To51LogoutTests(CheckServer server) : IClassFixture<CheckServer>
{
    private const string SignOutPage = "/sign-out";

    [Fact]
    public async Task Check47_EndSessionWithHintAndRegisteredUri_RedirectsThereWithState_ThenPromptNoneIsLoginRequired()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        var result = await browser.GoAsync(SessionChecks.EndSession(
            ("id_token_hint", tokens.IdToken), ("post_logout_redirect_uri", CheckSeed.WebPostLogout), ("state", "bye-47")));

        Assert.Equal(CheckSeed.WebPostLogout + "?state=bye-47", result.LeftServerTo?.AbsoluteUri);
        var silent = await browser.GoAsync(SessionChecks.Authorize("after-logout", ("prompt", "none")));
        Assert.Equal("login_required", silent.CallbackParameters["error"]);
    }

    [Theory]
    [InlineData("https://rp.example.com/elsewhere")]
    [InlineData(CheckSeed.WebPostLogout + "?foo=bar")]
    public async Task Check48_EndSessionWithAPostLogoutUriNotRegisteredExactly_NeverRedirects(string postLogoutUri)
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        var result = await browser.GoAsync(SessionChecks.EndSession(
            ("id_token_hint", tokens.IdToken), ("post_logout_redirect_uri", postLogoutUri), ("state", "bye-48")));

        Assert.Null(result.LeftServerTo);
        Assert.True(result.Status == HttpStatusCode.BadRequest || result.Url.AbsolutePath == SignOutPage,
            $"Expected an error page or the confirmation page, got {(int)result.Status} {result.Url}:\n{result.Html}");
    }

    [Theory]
    [InlineData("alg-none")]
    [InlineData("foreign-key")]
    [InlineData("no-hint")]
    public async Task Check49_EndSessionWithAForgedOrMissingHint_DoesNotRedirect_AndAsksTheUser(string hint)
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var idTokenHint = hint switch
        {
            "alg-none" => SessionChecks.WithAlgNone(tokens.IdToken!),
            "foreign-key" => SessionChecks.SignedWithForeignKey(tokens.IdToken!),
            _ => null,
        };

        var result = await browser.GoAsync(SessionChecks.EndSession(
            ("id_token_hint", idTokenHint), ("post_logout_redirect_uri", CheckSeed.WebPostLogout), ("state", "bye-49")));

        Assert.Null(result.LeftServerTo);
        Assert.Equal(SignOutPage, result.Url.AbsolutePath);
        Assert.Equal("Sign out?", result.Heading);
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "A request the app cannot have sent signed the user out.");
    }

    [Fact]
    public async Task Check51_PreLogoutSessionCookieReplayedAfterLogout_IsAnonymous()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var copied = SessionChecks.SessionCookie(browser);
        Assert.NotNull(copied);
        using (var before = server.NewBrowser())
        {
            before.Cookies.Add(server.BaseUri, new Cookie(copied!.Name, copied.Value, "/"));
            Assert.True(await SessionChecks.IsSignedInAsync(before), "The copied cookie did not work even before logout.");
        }

        var signedOut = await browser.GoAsync(SessionChecks.EndSession(
            ("id_token_hint", tokens.IdToken), ("post_logout_redirect_uri", CheckSeed.WebPostLogout)));
        Assert.StartsWith(CheckSeed.WebPostLogout, signedOut.LeftServerTo?.AbsoluteUri, StringComparison.Ordinal);

        using var replay = server.NewBrowser();
        replay.Cookies.Add(server.BaseUri, new Cookie(copied!.Name, copied.Value, "/"));
        Assert.False(await SessionChecks.IsSignedInAsync(replay), "The copied pre-logout cookie still signs the user in.");
        var page = await replay.GoAsync(SessionChecks.Authorize("replay"));
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
    }
}
