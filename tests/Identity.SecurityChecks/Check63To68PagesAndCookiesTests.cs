using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 64, 65 and 67–68 on the hosted pages: forms need their antiforgery token, every page is framed by
/// nobody, sign-in redirects with 302/303, and a return URL never leaves the server.</summary>
public sealed class Check63To68PagesAndCookiesTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Theory]
    [InlineData("/sign-in", "Username")]
    [InlineData("/register", "Username")]
    public async Task Check64_FormPostsWithoutOrWithAnotherSessionsAntiforgeryToken_AreRefusedWith400(string path, string field)
    {
        using var victim = server.NewBrowser();
        using var attacker = server.NewBrowser();
        var attackersPage = await attacker.GoAsync(path);
        var attackersToken = attackersPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await victim.GoAsync(path); // the victim holds an antiforgery cookie of their own

        var fields = new Dictionary<string, string>
        {
            [field] = CheckSeed.Alice, ["Password"] = CheckSeed.Password, ["ConfirmPassword"] = CheckSeed.Password,
        };
        using var withoutToken = await victim.PostRawAsync(new Uri(server.BaseUri, path), fields);
        using var withForeignToken = await victim.PostRawAsync(new Uri(server.BaseUri, path),
            fields.Append(new("__RequestVerificationToken", attackersToken)));

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withForeignToken.StatusCode);
        Assert.False(await HostedForms.IsSignedInAsync(victim));
    }

    [Fact]
    public async Task Check64_ConsentPostWithoutItsAntiforgeryToken_IsRefusedWith400_AndGrantsNothing()
    {
        using var browser = server.NewBrowser();
        var consent = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.ThirdPartyId, CheckSeed.ThirdPartyRedirect, "openid profile"));
        consent = await Oidc.SubmitSignInAsync(browser, consent, CheckSeed.Bob, CheckSeed.Password);
        Assert.NotNull(consent.Document.QuerySelector("button[name=accept], button[value=yes]"));

        var fields = consent.Document.QuerySelectorAll("form input[name]")
            .Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new(consent.Document.QuerySelector("button[value=yes]")!.GetAttribute("name")!, "yes"));
        using var forged = await browser.PostRawAsync(consent.Url, fields);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/register")]
    [InlineData("/error")]
    [InlineData("/signed-out")]
    [InlineData("/oidc/session/end")]
    [InlineData("/no-such-page")]
    [InlineData("/oidc/auth?client_id=conformance-rp&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&response_type=code&scope=openid")]
    public async Task Check65_EveryPage_ForbidsFramingPluginsBaseAndInlineScript_AndLeaksNoReferrer(string path)
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync(path);
        var headers = page.Response!.Headers;

        var csp = string.Join(";", headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Check67_SuccessfulSignInPost_RedirectsWith302Or303_Never307()
    {
        // Posted by hand, so the status of that one hop is seen (a 307 would make the browser re-post the password).
        using var browser = server.NewBrowser();
        var signInPage = await browser.GoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect)));
        var token = signInPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await browser.PostRawAsync(signInPage.Url, new Dictionary<string, string>
        {
            ["Username"] = CheckSeed.Alice, ["Password"] = CheckSeed.Password, ["__RequestVerificationToken"] = token,
        });
        Assert.Contains((int)post.StatusCode, new[] { 302, 303 });
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https:evil.example")]
    public async Task Check68_ForeignReturnUrl_IsIgnored_AndTheUserLandsOnALocalPage(string returnUrl)
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Bob, CheckSeed.Password);

        Assert.Null(landing.LeftServerTo);
        Assert.Equal(server.BaseUri.Authority, landing.Url.Authority);
        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.True(await HostedForms.IsSignedInAsync(browser));
    }
}
