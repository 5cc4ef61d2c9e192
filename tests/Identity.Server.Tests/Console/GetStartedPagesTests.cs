using System.Net;

namespace Identity.Server.Tests.Console;

/// <summary>Get started: the application types as Logto names them, each with framework cards that open the create form.</summary>
public sealed class GetStartedPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task GetStarted_Shown_ListsTheFourTypesWithTheirFrameworkCards()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/get-started");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var types = page.Document.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Traditional web", "Single-page app (SPA)", "Native", "Machine-to-machine"], types);
        var cards = page.Document.QuerySelectorAll("main a.framework-card").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/console/applications/new?type=Traditional&framework=flask", cards);
        Assert.Contains("/console/applications/new?type=Traditional&framework=aspnetcore", cards);
        Assert.Contains("/console/applications/new?type=Traditional&framework=express", cards);
        Assert.Contains("/console/applications/new?type=SPA&framework=react", cards);
        Assert.Contains("/console/applications/new?type=Native&framework=native", cards);
        Assert.Contains("/console/applications/new?type=MachineToMachine&framework=m2m", cards);
    }

    [Fact]
    public async Task GetStarted_FlaskCard_OpensTheCreateFormForATraditionalWebApp()
    {
        using var browser = await server.SignedInAsync();
        var page = await browser.GoAsync("/console/get-started");
        var flask = page.Document.QuerySelectorAll("main a.framework-card").Single(a => a.TextContent.Contains("Flask"));

        var form = await browser.GoAsync(flask.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("Create application", form.Heading);
        Assert.Contains("Traditional web", form.Document.QuerySelector("main p")!.TextContent);
        Assert.NotNull(form.Document.QuerySelector("textarea#redirectUris"));
        Assert.Equal("Application name", form.LabelFor("name"));
    }

    [Fact]
    public async Task NewApplication_MachineToMachine_AsksForNoRedirectUris()
    {
        using var browser = await server.SignedInAsync();

        var form = await browser.GoAsync("/console/applications/new?type=MachineToMachine&framework=m2m");

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Null(form.Document.QuerySelector("textarea#redirectUris"));
    }

    [Theory]
    [InlineData("/console/applications/new")]
    [InlineData("/console/applications/new?type=Desktop")]
    public async Task NewApplication_WithoutAKnownType_GoesBackToGetStarted(string path)
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync(path);

        Assert.Equal("/console/get-started", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task GetStarted_InGerman_ShowsGermanTexts()
    {
        using var browser = await server.SignedInAsync();
        browser.AcceptLanguage = "de-DE,de;q=0.9";

        var page = await browser.GoAsync("/console/get-started");

        Assert.Equal("Erste Schritte", page.Heading);
        Assert.Contains("Klassische Web-App", page.Html);
    }
}
