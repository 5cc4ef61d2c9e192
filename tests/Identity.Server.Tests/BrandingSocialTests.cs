using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Identity.Core.SignInExperience;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The terms line on the social sign-up step ("choose a username"), which creates the account.</summary>
public sealed class BrandingSocialTests(SocialServerFactory server) : IClassFixture<SocialServerFactory>, IAsyncLifetime
{
    private const string TermsUrl = "https://acme.example.com/terms";

    public async Task InitializeAsync()
    {
        _ = server.BaseAddress;
        server.Upstream.Behaviour = new();
        await server.SetSignInExperienceAsync(
            new SignInExperienceSettings(SignInMode.SignInAndRegister, ["username"], SignUpPassword: false, ["acme"], AutomaticAccountLinking: false)
            {
                Branding = SignInBranding.Default with { TermsOfUseUrl = TermsUrl },
            });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ChooseAUsernamePage_LinksTheTermsOfUse()
    {
        server.Upstream.Behaviour.UserInfo = """{"sub":"branding-terms-1","name":"Terry"}""";
        using var browser = server.NewBrowser();
        var signIn = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create()));

        var ask = await browser.SubmitAsync(signIn, new Dictionary<string, string>(), formAction: "/social/" + SocialServerFactory.AcmeConnector);

        Assert.Equal("/social/username", ask.Url.AbsolutePath);
        var terms = ask.Document.QuerySelector("p.terms");
        Assert.NotNull(terms);
        Assert.StartsWith("By creating an account you agree to the Terms of use", terms.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Privacy", terms.TextContent, StringComparison.Ordinal);
        Assert.Equal([TermsUrl], terms.QuerySelectorAll<IHtmlAnchorElement>("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task ChooseAUsernamePage_WithoutAnAttempt_HasNoTermsLine()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/social/username");

        Assert.Null(page.Document.QuerySelector("p.terms"));
    }

    [Fact]
    public async Task RegisterPage_WithSocialOnlySignUp_LinksTheTermsOfUse()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync("/register");

        Assert.Null(page.Document.QuerySelector("form input[name=Password]"));
        Assert.NotNull(page.Document.QuerySelector($"p.terms a[href='{TermsUrl}']"));
    }
}
