using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The seeded branding on the hosted pages: app name, logos, the sign-up terms line and /branding.css.</summary>
public sealed class BrandingPagesTests(BrandingServerFactory server) : IClassFixture<BrandingServerFactory>
{
    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/register")]
    public async Task Page_ShowsTheAppNameAndLogo(string path)
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(path);

        var logo = page.Document.QuerySelector<IHtmlImageElement>(".brand picture img");
        Assert.NotNull(logo);
        Assert.Equal(BrandingServerFactory.LogoUrl, logo.GetAttribute("src"));
        Assert.Equal(BrandingServerFactory.AppName, logo.GetAttribute("alt"));
        Assert.Equal(BrandingServerFactory.AppName, page.Document.QuerySelector(".brand span")?.TextContent.Trim());
        Assert.EndsWith("· " + BrandingServerFactory.AppName, page.Document.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(">Identity<", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithADarkLogoAndAutoScheme_OffersItForDarkMode()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        var source = page.Document.QuerySelector(".brand picture source");
        Assert.NotNull(source);
        Assert.Equal("(prefers-color-scheme: dark)", source.GetAttribute("media"));
        Assert.Equal(BrandingServerFactory.DarkLogoUrl, source.GetAttribute("srcset"));
        Assert.Equal("auto", page.Document.DocumentElement.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task RegisterPage_LinksTheTermsOfUseAndPrivacyPolicy()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/register");

        var terms = page.Document.QuerySelector("p.terms");
        Assert.NotNull(terms);
        Assert.StartsWith("By creating an account you agree to the Terms of use", terms.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("and Privacy policy", terms.TextContent, StringComparison.Ordinal);
        var links = terms.QuerySelectorAll<IHtmlAnchorElement>("a").ToList();
        Assert.Equal([BrandingServerFactory.TermsUrl, BrandingServerFactory.PrivacyUrl], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Contains("noopener", a.GetAttribute("rel"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInPage_HasNoTermsLine()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        Assert.NotNull(page.Document.QuerySelector(".brand"));
        Assert.Null(page.Document.QuerySelector("p.terms"));
        Assert.DoesNotContain(BrandingServerFactory.TermsUrl, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterPage_InGerman_TranslatesTheTermsLine()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de-DE";

        var page = await browser.GoAsync("/register");

        var terms = page.Document.QuerySelector("p.terms")!;
        Assert.StartsWith("Mit der Erstellung eines Kontos stimmen Sie den Nutzungsbedingungen", terms.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("der Datenschutzerklärung", terms.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("By creating", terms.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_LinksBrandingCssAfterSiteCss_AndHasNoInlineStyles()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/sign-in");

        var sheets = page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
        Assert.Equal(2, sheets.Count);
        Assert.Contains("site.css", sheets[0], StringComparison.Ordinal);
        Assert.Equal("/branding.css", sheets[1]);
        Assert.Empty(page.Document.QuerySelectorAll("style, [style]"));
        Assert.DoesNotContain(BrandingServerFactory.CustomCss, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrandingCss_HasThePrimaryColorsAndTheCustomCss()
    {
        using var http = server.NewBackChannel();

        using var response = await http.GetAsync("/branding.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains($"--primary: {BrandingServerFactory.PrimaryColor};", css, StringComparison.Ordinal);
        Assert.Contains($"--primary: {BrandingServerFactory.DarkPrimaryColor};", css, StringComparison.Ordinal);
        Assert.EndsWith(BrandingServerFactory.CustomCss + "\n", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrandingCss_IsRevalidatedEveryTime_WithAnETag()
    {
        using var http = server.NewBackChannel();
        using var first = await http.GetAsync("/branding.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/branding.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await http.SendAsync(again);

        Assert.True(first.Headers.CacheControl?.NoCache, $"Cache-Control: {first.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/register")]
    [InlineData("/branding.css")]
    public async Task ContentSecurityPolicy_AllowsNoInlineStylesOrScripts(string path)
    {
        using var http = server.NewBackChannel();

        using var response = await http.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https:", csp, StringComparison.Ordinal);
    }
}
