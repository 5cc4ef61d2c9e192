using System.Net;
using System.Text.Json;
using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>The sign-in experience in the console: the form, its connectors list, and the live preview of the draft.</summary>
public sealed class SignInExperiencePagesTests(ConnectorsConsoleServer server) : IClassFixture<ConnectorsConsoleServer>
{
    private const string PagePath = "/console/sign-in-experience";

    /// <summary>A connector made through the service, with a unique target; returns its target and name.</summary>
    private async Task<(string Target, string Name)> NewConnectorAsync()
    {
        var target = "t" + Guid.NewGuid().ToString("N")[..10];
        var name = "Provider " + target;
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConnectorAdmin>().CreateAsync(new ConnectorDefinition
        {
            Id = target, ConnectorId = "oauth2", Target = target, Name = name,
            Config = JsonSerializer.SerializeToElement(new
            {
                authorizationEndpoint = "https://idp.example.test/authorize", tokenEndpoint = "https://idp.example.test/token",
                userInfoEndpoint = "https://idp.example.test/userinfo", clientId = "client", clientSecret = "secret",
            }),
        }, default);
        return (target, name);
    }

    private async Task<SignInExperienceView> SavedAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInExperienceAdmin>().GetAsync(default);
    }

    [Fact]
    public async Task SignInExperience_SignUpNoneAndAConnectorAddedThenSaved_TheHostedSignInPageShowsContinueWithIt()
    {
        var (target, name) = await NewConnectorAsync();
        using var browser = await server.SignedInAsync();
        var page = await browser.GoAsync(PagePath);

        var added = await browser.SubmitFullAsync(page, new Dictionary<string, string> { ["addTarget"] = target }, ("move", "add"));
        Assert.Contains(added.Document.QuerySelectorAll("input[type=hidden][name=targets]"), i => i.GetAttribute("value") == target);
        Assert.DoesNotContain(target, (await SavedAsync()).SocialSignInConnectorTargets);
        var saved = await browser.SubmitFullAsync(added, new Dictionary<string, string> { ["signUpIdentifier"] = "none" });

        Assert.Equal(PagePath, saved.Url.AbsolutePath);
        Assert.NotNull(saved.Document.QuerySelector(".alert.ok[role=status]"));
        var experience = await SavedAsync();
        Assert.Empty(experience.SignUp.Identifiers);
        Assert.Contains(target, experience.SocialSignInConnectorTargets);
        using var visitor = server.NewBrowser();
        var signIn = await visitor.GoAsync("/sign-in");
        Assert.Contains("Continue with " + name, signIn.Document.QuerySelector("main")!.TextContent);

        await using var scope = server.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking()
            .Where(e => e.Type == AuditEventTypes.SignInExperienceUpdated).OrderBy(e => e.Id).LastAsync();
        Assert.Equal("console:" + ConsoleServer.AdminUsername, entry.Actor);
    }

    [Fact]
    public async Task Preview_DraftWithAConnector_ShowsContinueWithItBeforeSaving_AndTheSavedExperienceIsUnchanged()
    {
        var (target, name) = await NewConnectorAsync();
        using var browser = await server.SignedInAsync();
        var before = JsonSerializer.Serialize(await SavedAsync());

        var preview = await browser.GoAsync($"/console/sign-in-experience/preview?page=sign-in&theme=light&targets={target}&appName=Draft+Name&signUpIdentifier=none");

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var button = preview.Document.QuerySelectorAll(".social button").Single();
        Assert.Contains("Continue with " + name, button.TextContent);
        Assert.True(button.HasAttribute("disabled"));
        Assert.Empty(preview.Document.QuerySelectorAll("form"));
        Assert.Contains("Draft Name", preview.Document.QuerySelector(".brand")!.TextContent);
        Assert.Equal(before, JsonSerializer.Serialize(await SavedAsync()));
        Assert.DoesNotContain(target, (await SavedAsync()).SocialSignInConnectorTargets);
    }

    [Fact]
    public async Task Preview_RegisterPageDark_RendersDarkWithTheDraftStylesheetAndTermsLine()
    {
        using var browser = await server.SignedInAsync();

        var preview = await browser.GoAsync("/console/sign-in-experience/preview?page=register&theme=dark&signUpIdentifier=username&signUpPassword=true"
            + "&signInMode=SignInAndRegister&darkPrimaryColor=%23FF8800&primaryColor=%23224488&termsOfUseUrl=https%3A%2F%2Fexample.test%2Fterms");

        Assert.Equal("dark", preview.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal("Create your account", preview.Heading);
        Assert.NotNull(preview.Document.QuerySelector("a[href='https://example.test/terms']"));
        var stylesheet = preview.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Single(h => h.StartsWith("/console/sign-in-experience/preview.css", StringComparison.Ordinal));
        var css = await browser.GoAsync(stylesheet);
        Assert.Contains("#FF8800", css.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("#224488", css.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preview_IsFramableByThisOriginOnly_AndEveryOtherPageKeepsDeny()
    {
        using var browser = await server.SignedInAsync();

        var preview = (await browser.GoAsync("/console/sign-in-experience/preview?page=sign-in&theme=light")).Response!;
        Assert.Equal("SAMEORIGIN", SecurityHeaderAssertions.Header(preview, "X-Frame-Options"));
        Assert.Contains("frame-ancestors 'self'", SecurityHeaderAssertions.Header(preview, "Content-Security-Policy"));
        Assert.DoesNotContain("frame-ancestors 'none'", SecurityHeaderAssertions.Header(preview, "Content-Security-Policy"));

        var console = (await browser.GoAsync(PagePath)).Response!;
        SecurityHeaderAssertions.AssertSecurityHeaders(console);
        Assert.Contains("frame-src 'self'", SecurityHeaderAssertions.Header(console, "Content-Security-Policy"));
        foreach (var path in new[] { "/console/sign-in-experience/preview.css", "/console/connectors", "/console", "/console/sign-in-experience/preview/x" })
        {
            SecurityHeaderAssertions.AssertSecurityHeaders((await browser.GoAsync(path)).Response!);
        }
        using var visitor = server.NewBrowser();
        SecurityHeaderAssertions.AssertSecurityHeaders((await visitor.GoAsync("/sign-in")).Response!);
    }

    [Fact]
    public async Task SignInExperience_InvalidColor_ShowsTheErrorNextToItKeepsTheValuesAndSavesNothing()
    {
        using var browser = await server.SignedInAsync();
        var before = JsonSerializer.Serialize(await SavedAsync());
        var page = await browser.GoAsync(PagePath);

        var result = await browser.SubmitFullAsync(page, new Dictionary<string, string> { ["primaryColor"] = "red", ["appName"] = "Kept Name" });

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.NotNull(result.FieldError("primaryColor"));
        Assert.Equal("true", result.Document.QuerySelector("#primaryColor")!.GetAttribute("aria-invalid"));
        Assert.Equal("red", result.InputValue("primaryColor"));
        Assert.Equal("Kept Name", result.InputValue("appName"));
        Assert.Equal(before, JsonSerializer.Serialize(await SavedAsync()));
    }

    [Fact]
    public async Task SignInExperience_MoveDownAndRemove_ReorderTheConnectorsWithoutSaving()
    {
        var (first, _) = await NewConnectorAsync();
        var (second, _) = await NewConnectorAsync();
        using var browser = await server.SignedInAsync();
        var page = await browser.GoAsync(PagePath);
        string[] Targets(PageResult p) => [.. p.Document.QuerySelectorAll("input[type=hidden][name=targets]").Select(i => i.GetAttribute("value")!)];
        page = await browser.SubmitFullAsync(page, new Dictionary<string, string> { ["addTarget"] = first }, ("move", "add"));
        page = await browser.SubmitFullAsync(page, new Dictionary<string, string> { ["addTarget"] = second }, ("move", "add"));
        var at = Array.IndexOf(Targets(page), first);

        var moved = await browser.SubmitFullAsync(page, button: ("move", $"down:{at}"));

        Assert.Equal(at + 1, Array.IndexOf(Targets(moved), first));
        Assert.Equal(at, Array.IndexOf(Targets(moved), second));
        Assert.NotNull(moved.Document.QuerySelector(".alert.unsaved"));
        var removed = await browser.SubmitFullAsync(moved, button: ("move", $"remove:{at + 1}"));
        Assert.DoesNotContain(first, Targets(removed));
        Assert.DoesNotContain(first, (await SavedAsync()).SocialSignInConnectorTargets);
        Assert.DoesNotContain(second, (await SavedAsync()).SocialSignInConnectorTargets);
    }

    [Fact]
    public async Task SignInExperience_DefinedByTheSeedFile_IsMarkedManaged()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync(PagePath);

        Assert.NotNull(page.Document.QuerySelector(".alert.seed"));
        Assert.NotNull(page.Document.QuerySelector("iframe#preview-frame[src^='/console/sign-in-experience/preview?']"));
        Assert.NotNull(page.Document.QuerySelector("script[src*='sign-in-experience-preview.js']"));
    }
}
