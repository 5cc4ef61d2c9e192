using System.Net;
using Identity.Admin;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>Localization in the console: an admin changes hosted-page texts or adds a language, and the pages follow.</summary>
public sealed class LocalizationPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private static int IndexOf(string key) => CustomPhraseAdmin.ListKeys().Select(k => k.Key).ToList().IndexOf(key);

    [Fact]
    public async Task Localization_GermanTextChanged_TheHostedSignInPageShowsItAtTheNextRequest()
    {
        using var browser = await server.SignedInAsync();
        var editor = await browser.GoAsync("/console/localization/de");
        Assert.Equal("Phrases for de", editor.Heading);

        var saved = await browser.SubmitAsync(editor, new Dictionary<string, string> { [$"Texts[{IndexOf("Sign in")}]"] = "Einloggen" });

        Assert.Equal("/console/localization/de", saved.Url.AbsolutePath);
        Assert.NotNull(saved.Document.QuerySelector(".alert.ok"));
        Assert.Equal("Einloggen", saved.InputValue($"phrase-{IndexOf("Sign in")}"));
        using var visitor = server.NewBrowser();
        visitor.AcceptLanguage = "de-DE,de;q=0.9";
        var signIn = await visitor.GoAsync("/sign-in");
        Assert.Equal("Einloggen", signIn.Document.QuerySelector("main button[type=submit]")!.TextContent.Trim());
        Assert.Equal("Bei Ihrem Konto anmelden", signIn.Heading);
        Assert.True(await ActorRecordedAsync(AuditEventTypes.CustomPhrasesUpdated));
    }

    [Fact]
    public async Task Localization_NewLanguage_OpensItsEditorAndItsTextsReachThePages()
    {
        using var browser = await server.SignedInAsync();
        var list = await browser.GoAsync("/console/localization");

        var editor = await browser.SubmitAsync(list, new Dictionary<string, string> { ["LanguageTag"] = "pt-br" });
        Assert.Equal("/console/localization/pt-BR", editor.Url.AbsolutePath);
        await browser.SubmitAsync(editor, new Dictionary<string, string> { [$"Texts[{IndexOf("Sign in")}]"] = "Entrar" });

        using var visitor = server.NewBrowser();
        var signIn = await visitor.GoAsync("/sign-in?ui_locales=pt-BR");
        Assert.Equal("Entrar", signIn.Document.QuerySelector("main button[type=submit]")!.TextContent.Trim());
        Assert.Contains("pt-BR", (await browser.GoAsync("/console/localization")).Html);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a tag")]
    [InlineData("x-toolong-toolong-toolong-toolong-toolong")]
    public async Task Localization_AddLanguageWithABadTag_SaysWhatIsWrongNextToTheField(string tag)
    {
        using var browser = await server.SignedInAsync();
        var list = await browser.GoAsync("/console/localization");

        var refused = await browser.SubmitAsync(list, new Dictionary<string, string> { ["LanguageTag"] = tag });

        Assert.Equal("/console/localization", refused.Url.AbsolutePath);
        Assert.Contains("BCP 47", refused.FieldError("languageTag"));
        Assert.Equal("true", refused.Document.QuerySelector("#languageTag")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Localization_TextDroppingAPlaceholder_IsRefusedNextToItsPhrase_AndNothingIsSaved()
    {
        using var browser = await server.SignedInAsync();
        var editor = await browser.GoAsync("/console/localization/fr");
        var continueWith = IndexOf("Continue with {0}");

        var refused = await browser.SubmitAsync(editor, new Dictionary<string, string>
        {
            [$"Texts[{continueWith}]"] = "Continuer", [$"Texts[{IndexOf("Sign in")}]"] = "Se connecter",
        });

        Assert.NotNull(refused.FieldError($"phrase-{continueWith}"));
        Assert.Equal("Continuer", refused.InputValue($"phrase-{continueWith}"));
        await using var scope = server.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<CustomPhraseAdmin>().GetAsync("fr", default));
    }

    [Fact]
    public async Task Localization_RemoveCustomPhrases_NeedsConfirmation_ThenThePagesUseTheBuiltInTexts()
    {
        using var browser = await server.SignedInAsync();
        var editor = await browser.GoAsync("/console/localization/it");
        editor = await browser.SubmitAsync(editor, new Dictionary<string, string> { [$"Texts[{IndexOf("Sign in")}]"] = "Accedi" });

        // (The test browser posts every input; an unticked box sends nothing in a real one.)
        var unconfirmed = await browser.SubmitAsync(editor, new Dictionary<string, string> { ["ConfirmRemove"] = "false" }, formAction: "/console/localization/it?handler=Remove");
        Assert.NotNull(unconfirmed.FieldError("confirmRemove"));
        var removed = await browser.SubmitAsync(unconfirmed, new Dictionary<string, string> { ["ConfirmRemove"] = "true" }, formAction: "/console/localization/it?handler=Remove");

        Assert.Equal("/console/localization", removed.Url.AbsolutePath);
        using var visitor = server.NewBrowser();
        Assert.DoesNotContain("Accedi", (await visitor.GoAsync("/sign-in?ui_locales=it")).Html);
        Assert.True(await ActorRecordedAsync(AuditEventTypes.CustomPhrasesDeleted));
    }

    [Fact]
    public async Task Localization_MalformedTagInTheAddress_IsNotFound()
    {
        using var browser = await server.SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/console/localization/%20bad%20")).Status);
    }

    private async Task<bool> ActorRecordedAsync(string type)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return await db.AuditLog.AnyAsync(e => e.Type == type && e.Actor == AuditActor.ConsolePerson(ConsoleServer.AdminUsername));
    }
}
