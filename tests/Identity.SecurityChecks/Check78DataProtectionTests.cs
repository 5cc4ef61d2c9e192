using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 78 (one shared Data Protection key ring): the ring lives in the database, encrypted at rest with the configured
/// certificate; when a new key becomes the default, cookies, antiforgery tokens and tokens issued under the old one
/// still work, after a restart and on a second instance sharing the database.
/// </summary>
public sealed class Check78DataProtectionTests(DataProtectionCheckServer server) : IClassFixture<DataProtectionCheckServer>
{
    [Fact]
    public void Check78_KeyRing_IsStoredEncryptedWithTheCertificate()
    {
        var keys = server.StoredDataProtectionKeys();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Check78_NewKeyOnTheRing_EarlierCookiesFormsAndTokensStillWork_AfterRestart_AndOnASecondInstance()
    {
        // Before: a signed-in browser with its tokens, and a sign-in form (antiforgery token) not yet submitted.
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var oldKey = DataProtectionCheckServer.KeyIdOf(SessionChecks.SessionCookie(browser)!.Value);
        using var formBrowser = server.NewBrowser();
        var pendingForm = await formBrowser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "form"));
        Assert.True(AuthorizationChecks.IsSignInPage(pendingForm), pendingForm.Html);

        // A new key, active at once, is added to the ring in the database.
        var newKey = server.AddDataProtectionKey();
        Assert.NotEqual(oldKey, newKey);

        // A second instance on the same database starts: it protects with the new key; the running one has never
        // read it, and must still accept what the second one issues.
        using var second = server.SecondInstance();
        await second.InitializeAsync();
        using var secondBrowser = second.NewBrowser(server.BaseUri);
        await Oidc.SignInAndRedeemAsync(second, secondBrowser);
        Assert.Equal(newKey, DataProtectionCheckServer.KeyIdOf(SessionChecks.SessionCookie(secondBrowser)!.Value));
        Assert.True(await IsSignedInAtAsync(secondBrowser, server), "The first instance rejects a cookie the second instance issued under the new key.");

        // The cookie from before works on the second instance too.
        using var crossBrowser = server.NewBrowser(second.BaseUri);
        crossBrowser.Cookies.Add(browser.Cookies.GetAllCookies());
        Assert.True(await IsSignedInAtAsync(crossBrowser, second), "The second instance rejects a cookie issued under the old key.");

        // After a restart the first instance protects with the new key, and everything issued before still works.
        await server.RestartAsync();
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "The sign-in cookie issued under the old key no longer works after the restart.");
        using var http = server.NewBackChannel();
        var refreshed = await Oidc.RefreshAsync(http, tokens.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
        var landing = await Oidc.SubmitSignInAsync(formBrowser, pendingForm, CheckSeed.Alice, CheckSeed.Password);
        Assert.True(landing.CallbackParameters.ContainsKey("code"), $"The sign-in form from before the new key was refused: {landing.Url}\n{landing.Html}");
        Assert.Equal(newKey, DataProtectionCheckServer.KeyIdOf(SessionChecks.SessionCookie(formBrowser)!.Value));
    }

    /// <summary>A silent authorization at <paramref name="target"/> with the browser's cookies gives a code.</summary>
    private static async Task<bool> IsSignedInAtAsync(BrowserSession browser, CheckServer target)
    {
        var result = await browser.GoAsync(new Uri(target.BaseUri, SessionChecks.Authorize("probe", ("prompt", "none"))).AbsoluteUri);
        return result.CallbackParameters.ContainsKey("code");
    }
}
