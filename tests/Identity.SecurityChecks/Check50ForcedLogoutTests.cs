using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// The server with <c>Security:ConfirmSignOutWithoutIdTokenHint</c> on. By default an end-session request with
/// <c>client_id</c> and its registered post-logout URI signs out without a prompt, as Logto does for its SDKs (which
/// send no id_token_hint); a request with neither is confirmed in both modes.
/// </summary>
public sealed class StrictSignOutServer : CheckServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Security__ConfirmSignOutWithoutIdTokenHint"] = "true",
    };
}

/// <summary>Check 50: a link any site can put on a page does not sign the user out by itself.</summary>
public sealed class Check50ForcedLogoutTests(StrictSignOutServer server) : IClassFixture<StrictSignOutServer>
{
    private const string SignOutPage = "/sign-out";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Check50_CrossSiteEndSessionWithoutHint_SignsOutOnlyOnceTheUserConfirms(bool withClientIdAndPostLogoutUri)
    {
        using var browser = server.NewBrowser();
        await Oidc.SignInAndRedeemAsync(server, browser);
        // What any site can put in a link: the client_id and its registered post-logout URI are public.
        var url = withClientIdAndPostLogoutUri
            ? SessionChecks.EndSession(("client_id", CheckSeed.WebId), ("post_logout_redirect_uri", CheckSeed.WebPostLogout), ("state", "bye-50"))
            : SessionChecks.EndSession();

        var confirmation = await browser.GoAsync(url);
        Assert.Null(confirmation.LeftServerTo);
        Assert.Equal(SignOutPage, confirmation.Url.AbsolutePath);
        Assert.Equal("Sign out?", confirmation.Heading);
        Assert.NotNull(confirmation.Document.QuerySelector("form input[name=__RequestVerificationToken]"));
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "The GET alone signed the user out.");

        // The confirmation posted without its antiforgery token, as another site would: refused.
        using (var forged = await browser.PostRawAsync(new Uri(server.BaseUri, SessionChecks.EndSessionPath),
            new Dictionary<string, string> { ["confirm"] = "yes" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "A confirmation without antiforgery token signed the user out.");

        confirmation = await browser.GoAsync(url);
        var done = await browser.SubmitAsync(confirmation, new Dictionary<string, string>(), button: "confirm");
        if (withClientIdAndPostLogoutUri)
        {
            Assert.Equal(CheckSeed.WebPostLogout + "?state=bye-50", done.LeftServerTo?.AbsoluteUri);
        }
        else
        {
            Assert.Equal("/signed-out", done.Url.AbsolutePath);
        }
        Assert.False(await SessionChecks.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Check50_InTheDefaultLogtoCompatibleMode_ARequestWithoutClientOrHint_StillAsksFirst()
    {
        using var logtoCompatible = new CheckServer();
        await logtoCompatible.InitializeAsync();
        using var browser = logtoCompatible.NewBrowser();
        await Oidc.SignInAndRedeemAsync(logtoCompatible, browser);

        var confirmation = await browser.GoAsync(SessionChecks.EndSession());

        Assert.Equal("Sign out?", confirmation.Heading);
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "The GET alone signed the user out.");
    }
}
