using System.Net;
using System.Text.Json;
using Identity.Admin;
using Identity.Core.Audit;
using Identity.Core.Social;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>Connectors in the console: choose a plugin, read its guide, fill the form from its schema, edit, remove.</summary>
public sealed class ConnectorsPagesTests(ConnectorsConsoleServer server) : IClassFixture<ConnectorsConsoleServer>
{
    private const string Secret = "upstream-client-secret-1";

    /// <summary>A valid OAuth2 connector as the form posts it.</summary>
    private static Dictionary<string, string> ValidForm(string id) => new()
    {
        ["id"] = id,
        ["target"] = id,
        ["name"] = "Acme " + id,
        ["config.authorizationEndpoint"] = "https://idp.example.test/authorize",
        ["config.tokenEndpoint"] = "https://idp.example.test/token",
        ["config.userInfoEndpoint"] = "https://idp.example.test/userinfo",
        ["config.clientId"] = "client-" + id,
        ["config.clientSecret"] = Secret,
        ["config.scope"] = "profile email",
        ["config.profileMap"] = """{ "id": "sub", "avatar": "picture" }""",
    };

    private static string NewId() => "c" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<PageResult> CreateAsync(BrowserSession browser, string id)
    {
        var form = await browser.GoAsync("/console/connectors/new/oauth2");
        return await browser.SubmitFullAsync(form, ValidForm(id));
    }

    private async Task<T> WithAdminAsync<T>(Func<ConnectorAdmin, IServiceProvider, Task<T>> act)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<ConnectorAdmin>(), scope.ServiceProvider);
    }

    private async Task<JsonElement> StoredConfigAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var instance = await db.Connectors.AsNoTracking().SingleAsync(c => c.Id == id);
        var factory = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().FindFactory(instance.FactoryId)!;
        return scope.ServiceProvider.GetRequiredService<ConnectorSecrets>().Unprotect(instance.ProtectedConfig, factory.SecretFields);
    }

    [Fact]
    public async Task AddConnector_PluginList_ShowsOAuth2()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/connectors/new");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var link = page.Document.QuerySelector("a[href='/console/connectors/new/oauth2']");
        Assert.NotNull(link);
        Assert.Equal("OAuth 2.0", link!.TextContent.Trim());
    }

    [Fact]
    public async Task AddConnector_OAuth2_ShowsItsReadmeAndAFieldPerSchemaProperty()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/connectors/new/oauth2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Single(page.Document.QuerySelectorAll("h1"));
        Assert.Contains(page.Document.QuerySelectorAll(".readme h2"), h => h.TextContent.Contains("OAuth 2.0 connector", StringComparison.Ordinal));
        Assert.Contains("/callback/", page.Document.QuerySelector(".readme")!.TextContent);
        foreach (var field in new[] { "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "scope", "issuer" })
        {
            Assert.NotNull(page.Document.QuerySelector($"input#config-{field}[name='config.{field}']"));
        }
        Assert.Equal("password", page.Document.QuerySelector("#config-clientSecret")!.GetAttribute("type"));
        Assert.Equal("checkbox", page.Document.QuerySelector("#config-usePkce")!.GetAttribute("type"));
        Assert.NotNull(page.Document.QuerySelector("select#config-tokenEndpointAuthMethod option[value='client_secret_basic']"));
        Assert.NotNull(page.Document.QuerySelector("textarea#config-profileMap"));
        Assert.Contains("required", page.LabelFor("config-tokenEndpoint"));
        Assert.NotNull(page.Document.QuerySelector("#config-tokenEndpoint-hint"));
        Assert.NotNull(page.Document.QuerySelector("input#id"));
        Assert.NotNull(page.Document.QuerySelector("input#target"));
    }

    [Fact]
    public async Task AddConnector_UnknownPlugin_Is404()
    {
        using var browser = await server.SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/console/connectors/new/saml")).Status);
    }

    [Fact]
    public async Task AddConnector_RequiredFieldMissing_ShowsTheErrorNextToItKeepsTheOtherValuesAndSavesNothing()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        var form = await browser.GoAsync("/console/connectors/new/oauth2");
        var values = ValidForm(id);
        values["config.tokenEndpoint"] = "";

        var page = await browser.SubmitFullAsync(form, values);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.FieldError("config-tokenEndpoint"));
        Assert.Equal("true", page.Document.QuerySelector("#config-tokenEndpoint")!.GetAttribute("aria-invalid"));
        Assert.Null(page.FieldError("config-authorizationEndpoint"));
        Assert.Equal("https://idp.example.test/authorize", page.InputValue("config-authorizationEndpoint"));
        Assert.Equal("client-" + id, page.InputValue("config-clientId"));
        Assert.Equal(id, page.InputValue("id"));
        Assert.Equal("", page.InputValue("config-clientSecret"));
        Assert.False(await WithAdminAsync(async (admin, _) => (await admin.ListAsync(default)).Any(c => c.Id == id)));
    }

    [Fact]
    public async Task AddConnector_InvalidJsonInProfileMap_ShowsTheErrorNextToItAndSavesNothing()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        var form = await browser.GoAsync("/console/connectors/new/oauth2");
        var values = ValidForm(id);
        values["config.profileMap"] = "{ not json";

        var page = await browser.SubmitFullAsync(form, values);

        Assert.NotNull(page.FieldError("config-profileMap"));
        Assert.Equal("{ not json", page.Document.QuerySelector("#config-profileMap")!.TextContent);
        Assert.False(await WithAdminAsync(async (admin, _) => (await admin.ListAsync(default)).Any(c => c.Id == id)));
    }

    [Fact]
    public async Task AddConnector_Valid_SavesAndListsIt_AuditedAsThePerson()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();

        var list = await CreateAsync(browser, id);

        Assert.Equal("/console/connectors", list.Url.AbsolutePath);
        Assert.NotNull(list.Document.QuerySelector(".alert.ok[role=status]"));
        var row = list.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(id, StringComparison.Ordinal));
        Assert.Contains("Acme " + id, row.TextContent);
        Assert.Contains("OAuth 2.0", row.TextContent);
        var stored = await StoredConfigAsync(id);
        Assert.Equal(Secret, stored.GetProperty("clientSecret").GetString());
        Assert.Equal("sub", stored.GetProperty("profileMap").GetProperty("id").GetString());
        Assert.DoesNotContain(Secret, list.Html, StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking()
            .Where(e => e.Type == AuditEventTypes.ConnectorCreated && e.Details!.Contains(id)).SingleAsync();
        Assert.Equal("console:" + ConsoleServer.AdminUsername, entry.Actor);
    }

    [Fact]
    public async Task EditConnector_ShowsSecretsMasked_AndAnEmptySecretKeepsTheStoredOne()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, id);

        var edit = await browser.GoAsync("/console/connectors/" + id);

        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.DoesNotContain(Secret, edit.Html, StringComparison.Ordinal);
        Assert.Equal("", edit.InputValue("config-clientSecret"));
        Assert.Equal("client-" + id, edit.InputValue("config-clientId"));
        Assert.True(edit.Document.QuerySelector("input#target")!.HasAttribute("readonly"));

        var saved = await browser.SubmitFullAsync(edit, new Dictionary<string, string> { ["name"] = "Renamed", ["config.scope"] = "openid" });

        Assert.Equal("/console/connectors", saved.Url.AbsolutePath);
        var stored = await StoredConfigAsync(id);
        Assert.Equal(Secret, stored.GetProperty("clientSecret").GetString());
        Assert.Equal("openid", stored.GetProperty("scope").GetString());
        Assert.Equal("Renamed", (await WithAdminAsync((admin, _) => admin.GetAsync(id, default))).Name);
    }

    [Fact]
    public async Task EditConnector_NewSecret_IsStored()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, id);
        var edit = await browser.GoAsync("/console/connectors/" + id);

        await browser.SubmitFullAsync(edit, new Dictionary<string, string> { ["config.clientSecret"] = "a-brand-new-secret" });

        Assert.Equal("a-brand-new-secret", (await StoredConfigAsync(id)).GetProperty("clientSecret").GetString());
    }

    [Fact]
    public async Task EditConnector_InvalidEndpoint_ShowsTheErrorNextToItAndChangesNothing()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, id);
        var edit = await browser.GoAsync("/console/connectors/" + id);

        var page = await browser.SubmitFullAsync(edit, new Dictionary<string, string> { ["config.tokenEndpoint"] = "not a url", ["name"] = "Changed" });

        Assert.NotNull(page.FieldError("config-tokenEndpoint"));
        Assert.Equal("not a url", page.InputValue("config-tokenEndpoint"));
        Assert.Equal("Changed", page.InputValue("name"));
        Assert.Equal("https://idp.example.test/token", (await StoredConfigAsync(id)).GetProperty("tokenEndpoint").GetString());
    }

    [Fact]
    public async Task EditConnector_UnknownId_Is404()
    {
        using var browser = await server.SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/console/connectors/no-such-connector")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/console/connectors/no-such-connector/remove")).Status);
    }

    [Fact]
    public async Task RemoveConnector_AsksFirst_ThenRemovesIt()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, id);

        var confirm = await browser.GoAsync($"/console/connectors/{id}/remove");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.True(await WithAdminAsync(async (admin, _) => (await admin.ListAsync(default)).Any(c => c.Id == id)));

        var list = await browser.SubmitFullAsync(confirm);

        Assert.Equal("/console/connectors", list.Url.AbsolutePath);
        Assert.DoesNotContain(id, list.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.False(await WithAdminAsync(async (admin, _) => (await admin.ListAsync(default)).Any(c => c.Id == id)));
    }

    [Fact]
    public async Task EditConnector_SeedDefined_IsMarkedManagedByTheSeedFile_OthersAreNot()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, id);

        Assert.NotNull((await browser.GoAsync("/console/connectors/" + ConnectorsConsoleServer.SeededConnector)).Document.QuerySelector(".alert.seed"));
        Assert.Null((await browser.GoAsync("/console/connectors/" + id)).Document.QuerySelector(".alert.seed"));
    }
}
