using Identity.Data;
using Identity.Core.Data;
using Identity.Core.Phrases;
using Identity.Server.Tests.ManagementApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// The hosted pages show an admin's custom phrases: at the next request after a change made on this instance, within
/// the next once-a-second comparison after one made on another; a language with phrases becomes one the pages speak.
/// </summary>
public sealed class CustomPhrasesPagesTests(ManagementApiServer server) : IClassFixture<ManagementApiServer>
{
    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string languageTag, string json) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/custom-phrases/{languageTag}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

    [Fact]
    public async Task GermanCustomPhrase_ShowsAtTheNextRequest_OtherGermanTextsUnchanged_AndDeleteRestoresTheBuiltIn()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de";
        var before = await browser.GoAsync("/sign-in");

        await PutAsync(http, "de", """{"Sign in":"Einloggen"}""").ExpectAsync(200);
        var changed = await browser.GoAsync("/sign-in");
        await http.DeleteAsync("/api/custom-phrases/de").ExpectAsync(204);
        var restored = await browser.GoAsync("/sign-in");

        Assert.Equal("Anmelden", SubmitText(before));
        Assert.Equal("Einloggen", SubmitText(changed));
        Assert.Equal(before.Heading, changed.Heading);
        Assert.Equal("Bei Ihrem Konto anmelden", changed.Heading);
        Assert.Equal("Benutzername", changed.LabelFor("username"));
        Assert.Equal("Anmelden", SubmitText(restored));
    }

    [Fact]
    public async Task NewLanguage_ChosenByUiLocalesAndAcceptLanguage_ShowsItsPhraseAndEnglishForTheRest()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        var before = await browser.GoAsync("/sign-in?ui_locales=fr");

        await PutAsync(http, "fr", """{"Sign in to your account":"Connectez-vous à votre compte"}""").ExpectAsync(200);
        var byUiLocales = await browser.GoAsync("/sign-in?ui_locales=fr");
        browser.AcceptLanguage = "fr-CA,fr;q=0.9";
        var byBrowser = await browser.GoAsync("/sign-in");
        await http.DeleteAsync("/api/custom-phrases/fr").ExpectAsync(204);
        var after = await browser.GoAsync("/sign-in");

        Assert.Equal("en", before.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Connectez-vous à votre compte", byUiLocales.Heading);
        Assert.Equal("fr", byUiLocales.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Username", byUiLocales.LabelFor("username"));
        Assert.Equal("Sign in", SubmitText(byUiLocales));
        Assert.Equal("Connectez-vous à votre compte", byBrowser.Heading);
        Assert.Equal("Sign in to your account", after.Heading);
        Assert.Equal("en", after.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task LanguageWithCustomPhrases_CanBeTheFallbackLanguage_ButNotOneWithout_AndKeepsItsPhrasesWhileItIs()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "ja";

        var refused = await http.PatchJsonAsync("/api/sign-in-exp", """{"languageInfo":{"fallbackLanguage":"es"}}""").ExpectAsync(400);
        await PutAsync(http, "es", """{"Sign in to your account":"Inicia sesión en tu cuenta"}""").ExpectAsync(200);
        var accepted = await http.PatchJsonAsync("/api/sign-in-exp", """{"languageInfo":{"fallbackLanguage":"ES"}}""").ExpectAsync(200);
        var page = await browser.GoAsync("/sign-in");
        var deletionRefused = await http.DeleteAsync("/api/custom-phrases/es").ExpectAsync(400);
        await http.PatchJsonAsync("/api/sign-in-exp", """{"languageInfo":{"fallbackLanguage":"en"}}""").ExpectAsync(200);
        await http.DeleteAsync("/api/custom-phrases/es").ExpectAsync(204);

        Assert.Contains("custom phrases", refused.ErrorFor("languageInfo.fallbackLanguage"));
        Assert.Equal("es", accepted.GetProperty("languageInfo").Str("fallbackLanguage"));
        Assert.Equal("Inicia sesión en tu cuenta", page.Heading);
        Assert.Equal("es", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("fallback language", deletionRefused.ErrorFor("languageTag"));
    }

    [Fact]
    public async Task RegionalLanguage_UsesItsParentsCustomPhrases()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "de-AT";

        await PutAsync(http, "de", """{"Username":"Anmeldename"}""").ExpectAsync(200);
        var page = await browser.GoAsync("/sign-in");
        await http.DeleteAsync("/api/custom-phrases/de").ExpectAsync(204);

        Assert.Equal("Anmeldename", page.LabelFor("username"));
        Assert.Equal("Bei Ihrem Konto anmelden", page.Heading);
    }

    [Fact]
    public async Task RefusedBody_LeavesThePagesAsTheyWere()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "nl";
        await PutAsync(http, "nl", """{"Sign in to your account":"Meld je aan"}""").ExpectAsync(200);

        await PutAsync(http, "nl", """{"Sign in to your account":"Aanmelden","Continue with {0}":"Doorgaan"}""").ExpectAsync(400);
        var page = await browser.GoAsync("/sign-in");
        await http.DeleteAsync("/api/custom-phrases/nl").ExpectAsync(204);

        Assert.Equal("Meld je aan", page.Heading);
    }

    [Fact]
    public async Task PhrasesChangedByAnotherInstance_ShowAfterTheNextComparison()
    {
        using var browser = server.NewBrowser();
        browser.AcceptLanguage = "sv";
        Assert.Equal("Sign in to your account", (await browser.GoAsync("/sign-in")).Heading);

        await AsAnotherInstanceAsync(db => db.CustomPhrases.Add(new CustomPhrase
        {
            LanguageTag = "sv", Translation = """{"Sign in to your account":"Logga in på ditt konto"}""", UpdatedAt = DateTimeOffset.UtcNow,
        }));
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        await WaitForAsync(async () => (await browser.GoAsync("/sign-in")).Heading == "Logga in på ditt konto");
        await AsAnotherInstanceAsync(db => db.CustomPhrases.Where(p => p.LanguageTag == "sv").ExecuteDelete());
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(async () => (await browser.GoAsync("/sign-in")).Heading == "Sign in to your account");
    }

    [Fact]
    public async Task StoredPhrasesTheAdminWouldRefuse_AreIgnored_AndThePagesStillRender()
    {
        using var danish = server.NewBrowser();
        danish.AcceptLanguage = "da";
        using var finnish = server.NewBrowser();
        finnish.AcceptLanguage = "fi";
        await AsAnotherInstanceAsync(db =>
        {
            db.CustomPhrases.Add(new CustomPhrase
            {
                LanguageTag = "da", Translation = """{"Sign in to your account":"Log ind","Continue with {0}":"{3}","Username":""}""",
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.CustomPhrases.Add(new CustomPhrase { LanguageTag = "fi", Translation = "not json", UpdatedAt = DateTimeOffset.UtcNow });
        });
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        await WaitForAsync(async () => (await danish.GoAsync("/sign-in")).Heading == "Log ind");
        var danishPage = await danish.GoAsync("/sign-in");
        var finnishPage = await finnish.GoAsync("/sign-in");
        var phrases = server.Services.GetRequiredService<ICustomPhrases>().Latest;
        await AsAnotherInstanceAsync(db => db.CustomPhrases.Where(p => p.LanguageTag == "da" || p.LanguageTag == "fi").ExecuteDelete());

        var da = System.Globalization.CultureInfo.GetCultureInfo("da");
        Assert.Null(phrases.Find(da, "Continue with {0}"));
        Assert.Null(phrases.Find(da, "Username"));
        Assert.Equal("Username", danishPage.LabelFor("username"));
        Assert.Equal(System.Net.HttpStatusCode.OK, finnishPage.Status);
        Assert.Equal("Sign in to your account", finnishPage.Heading);
    }

    private static string? SubmitText(PageResult page) => page.Document.QuerySelector("button[type=submit]")?.TextContent.Trim();

    private Task AsAnotherInstanceAsync(Action<IdentityDataContext> change) => CustomPhrasesAsAnotherInstance.ChangeAsync(server.Services, change);

    // The comparison runs on the refresher's own task: wait for it (a few seconds at most).
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The change made by another instance was not seen.");
    }
}

/// <summary>What another instance's change of the custom phrases does to the database: the rows and a new stamp, in one transaction.</summary>
internal static class CustomPhrasesAsAnotherInstance
{
    public static async Task ChangeAsync(IServiceProvider services, Action<IdentityDataContext> change)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        await db.InTransactionAsync(async cancellationToken =>
        {
            change(db);
            await db.SaveChangesAsync(cancellationToken);
            return await db.ChangeStamps.Where(s => s.Name == ChangeStamp.CustomPhrases)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Stamp, ChangeStamp.NewStamp()), cancellationToken);
        }, CancellationToken.None);
    }
}
