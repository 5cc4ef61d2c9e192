using System.Text.Json;

namespace Identity.Server.Tests.ManagementApi;

/// <summary><c>/api/custom-phrases</c>: a language's phrases replaced, read, listed and deleted in Logto's shape, and refused whole when any is wrong.</summary>
public sealed class ManagementApiCustomPhrasesTests(ManagementApiServer server) : IClassFixture<ManagementApiServer>
{
    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string languageTag, string json) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/custom-phrases/{Uri.EscapeDataString(languageTag)}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

    [Fact]
    public async Task CustomPhrases_ReplacedReadListedAndDeleted_InLogtosShape_AndAudited()
    {
        using var http = await server.AdminClientAsync();

        var saved = await PutAsync(http, "fr", """{"Sign in":"Se connecter","Continue with {0}":"Continuer avec {0}"}""").ExpectAsync(200);
        var replaced = await PutAsync(http, "fr", """{"Sign in":"Connexion"}""").ExpectAsync(200);
        var fetched = await http.GetAsync("/api/custom-phrases/fr").ExpectAsync(200);
        var listed = await http.GetAsync("/api/custom-phrases").ExpectAsync(200);
        await http.DeleteAsync("/api/custom-phrases/fr").ExpectAsync(204);

        Assert.Equal("fr", saved.Str("languageTag"));
        Assert.Equal("Continuer avec {0}", saved.GetProperty("translation").Str("Continue with {0}"));
        // PUT replaces the whole language: the phrase left out is gone.
        Assert.Equal("""{"Sign in":"Connexion"}""", replaced.GetProperty("translation").GetRawText());
        Assert.Equal("""{"Sign in":"Connexion"}""", fetched.GetProperty("translation").GetRawText());
        var french = Assert.Single(listed.EnumerateArray(), e => e.Str("languageTag") == "fr");
        Assert.Equal("Connexion", french.GetProperty("translation").Str("Sign in"));
        await http.GetAsync("/api/custom-phrases/fr").ExpectAsync(404);
        var audit = await http.GetAsync("/api/logs?type=admin.customPhrases.").ExpectAsync(200);
        Assert.Equal(2, audit.EnumerateArray().Count(e => e.Str("type") == "admin.customPhrases.updated" && e.Str("actor") == ManagementApiServer.AdminId
            && e.GetProperty("details").Str("languageTag") == "fr"));
        Assert.Contains(audit.EnumerateArray(), e => e.Str("type") == "admin.customPhrases.deleted" && e.Str("actor") == ManagementApiServer.AdminId
            && e.GetProperty("details").Str("languageTag") == "fr");
    }

    [Fact]
    public async Task PutCustomPhrases_TagInAnyCasing_IsStoredInItsConventionalCasing_AndFoundInAnyCasing()
    {
        using var http = await server.AdminClientAsync();

        var saved = await PutAsync(http, "PT-br", """{"Sign in":"Entrar"}""").ExpectAsync(200);
        var fetched = await http.GetAsync("/api/custom-phrases/pt-BR").ExpectAsync(200);
        var again = await PutAsync(http, "pt-BR", """{"Sign in":"Iniciar sessão"}""").ExpectAsync(200);
        var listed = await http.GetAsync("/api/custom-phrases").ExpectAsync(200);
        await http.DeleteAsync("/api/custom-phrases/pt-br").ExpectAsync(204);

        Assert.Equal("pt-BR", saved.Str("languageTag"));
        Assert.Equal("Entrar", fetched.GetProperty("translation").Str("Sign in"));
        Assert.Equal("Iniciar sessão", again.GetProperty("translation").Str("Sign in"));
        Assert.Single(listed.EnumerateArray(), e => string.Equals(e.Str("languageTag"), "pt-BR", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PutCustomPhrases_EveryBadPhrase_Is400NamingEachKey()
    {
        using var http = await server.AdminClientAsync();
        var tooLong = new string('x', 1001);

        var problem = await PutAsync(http, "fr", $$"""
            {
              "Sign in with a passkey": "Clé",
              "Continue with {0}": "Continuer",
              "Sign-in with {0} failed.": "{0} {1}",
              "You can try again in {0} seconds.": "Encore {0} secondes {",
              "Sign in": "",
              "Username": 5,
              "Password": "{{tooLong}}",
              "Create account": "Créer un compte"
            }
            """).ExpectAsync(400);

        Assert.Contains("not a phrase of the hosted pages", problem.ErrorFor("Sign in with a passkey"));
        Assert.Contains("keep the placeholder(s) {0}", problem.ErrorFor("Continue with {0}"));
        Assert.Contains("{1}", problem.ErrorFor("Sign-in with {0} failed."));
        Assert.Contains("{{", problem.ErrorFor("You can try again in {0} seconds."));
        Assert.Contains("non-empty string", problem.ErrorFor("Sign in"));
        Assert.Contains("non-empty string", problem.ErrorFor("Username"));
        Assert.Contains("at most 1000 characters", problem.ErrorFor("Password"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("Create account", out _));
        await http.GetAsync("/api/custom-phrases/fr").ExpectAsync(404);
    }

    [Theory]
    [InlineData("english!")]
    [InlineData("e")]
    [InlineData("fr_FR")]
    [InlineData("de--AT")]
    [InlineData("de-DE-1901-abcdefgh-abcdefgh-abcdefgh")]
    public async Task CustomPhrases_GarbageLanguageTag_Is400NamingLanguageTag(string languageTag)
    {
        using var http = await server.AdminClientAsync();

        var put = await PutAsync(http, languageTag, """{"Sign in":"Go"}""").ExpectAsync(400);
        var get = await http.GetAsync($"/api/custom-phrases/{Uri.EscapeDataString(languageTag)}").ExpectAsync(400);
        var delete = await http.DeleteAsync($"/api/custom-phrases/{Uri.EscapeDataString(languageTag)}").ExpectAsync(400);

        Assert.NotEmpty(put.ErrorFor("languageTag"));
        Assert.NotEmpty(get.ErrorFor("languageTag"));
        Assert.NotEmpty(delete.ErrorFor("languageTag"));
    }

    [Fact]
    public async Task PutCustomPhrases_RefusedBodies_LeaveWhatWasSaved()
    {
        using var http = await server.AdminClientAsync();
        await PutAsync(http, "it", """{"Sign in":"Accedi"}""").ExpectAsync(200);

        var unknownKey = await PutAsync(http, "it", """{"Sign in":"Entra","Nope":"No"}""").ExpectAsync(400);
        var notJson = await PutAsync(http, "it", """{"Sign in":""").ExpectAsync(400);
        var notAnObject = await PutAsync(http, "it", """["Sign in"]""").ExpectAsync(400);
        var nested = await PutAsync(http, "it", """{"Sign in":{"title":"Entra"}}""").ExpectAsync(400);
        var empty = await PutAsync(http, "it", "").ExpectAsync(400);
        var fetched = await http.GetAsync("/api/custom-phrases/it").ExpectAsync(200);

        Assert.Contains("not a phrase", unknownKey.ErrorFor("Nope"));
        Assert.NotEmpty(notJson.ErrorFor("body"));
        Assert.NotEmpty(notAnObject.ErrorFor("body"));
        Assert.Contains("non-empty string", nested.ErrorFor("Sign in"));
        Assert.NotEmpty(empty.ErrorFor("body"));
        Assert.Equal("""{"Sign in":"Accedi"}""", fetched.GetProperty("translation").GetRawText());
    }

    [Fact]
    public async Task GetOrDeleteCustomPhrases_OfALanguageWithoutAny_Is404()
    {
        using var http = await server.AdminClientAsync();

        await http.GetAsync("/api/custom-phrases/ja").ExpectAsync(404);
        await http.DeleteAsync("/api/custom-phrases/ja").ExpectAsync(404);
    }

    [Fact]
    public async Task CustomPhraseKeys_ListEveryPhrase_WithItsPlaceholdersAndBuiltInTexts()
    {
        using var http = await server.AdminClientAsync();

        var keys = await http.GetAsync("/api/custom-phrases/keys").ExpectAsync(200);

        var continueWith = Assert.Single(keys.EnumerateArray(), k => k.Str("key") == "Continue with {0}");
        Assert.Equal("Continue with {0}", continueWith.Str("english"));
        Assert.Equal(["{0}"], continueWith.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Weiter mit {0}", continueWith.GetProperty("builtIn").Str("de"));
        Assert.Contains(keys.EnumerateArray(), k => k.Str("key") == "Sign in to your account");
        Assert.True(keys.GetArrayLength() > 50, $"Only {keys.GetArrayLength()} phrases listed.");
    }

    [Fact]
    public async Task CustomPhrases_WithoutAManagementToken_Are401()
    {
        using var http = server.NewBackChannel();

        using var list = await http.GetAsync("/api/custom-phrases");
        using var put = await PutAsync(http, "fr", """{"Sign in":"Se connecter"}""");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCustomPhrasesEndpoints()
    {
        using var http = server.NewBackChannel();

        var document = await http.GetAsync("/api/openapi.json").ExpectAsync(200);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/custom-phrases").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/custom-phrases/keys").TryGetProperty("get", out _));
        var one = paths.GetProperty("/api/custom-phrases/{languageTag}");
        Assert.True(one.TryGetProperty("delete", out _));
        Assert.True(one.GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(one.GetProperty("put").GetProperty("responses").TryGetProperty("400", out _));
        var body = document.GetProperty("components").GetProperty("schemas").GetProperty("CustomPhraseTranslation");
        Assert.Equal("string", body.GetProperty("additionalProperties").Str("type"));
    }
}
