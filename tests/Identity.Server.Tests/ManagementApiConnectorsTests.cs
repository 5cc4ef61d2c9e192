using System.Text.Json;
using Identity.Core.Social;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary><c>/api/connector-factories</c> and <c>/api/connectors</c>: plugins, instances, masked secrets.</summary>
public sealed class ManagementApiConnectorsTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private static string NewTarget() => "idp" + Guid.NewGuid().ToString("N")[..10];

    private string CreateBody(string id, string target, string name = "Example Login") =>
        $$"""{"id":"{{id}}","connectorId":"oauth2","target":"{{target}}","name":"{{name}}","config":{{server.Upstream.ConnectorConfig()}}}""";

    private async Task<JsonElement> CreateAsync(string id, string target, string name = "Example Login")
    {
        using var http = await server.AdminClientAsync();
        return await (await http.PostJsonAsync("/api/connectors", CreateBody(id, target, name))).ExpectAsync(201);
    }

    /// <summary>The connector's config as stored, secrets decrypted.</summary>
    private Task<JsonElement> StoredConfigAsync(string id) => server.WithScopeAsync(async services =>
    {
        var instance = await services.GetRequiredService<IdentityDataContext>().Connectors.AsNoTracking().SingleAsync(c => c.Id == id);
        var factory = services.GetRequiredService<ConnectorRegistry>().FindFactory(instance.FactoryId)!;
        Assert.DoesNotContain(FakeUpstream.ClientSecret, instance.ProtectedConfig, StringComparison.Ordinal);
        return services.GetRequiredService<ConnectorSecrets>().Unprotect(instance.ProtectedConfig, factory.SecretFields);
    });

    [Fact]
    public async Task Factories_ListTheOAuth2PluginWithItsConfigSchema()
    {
        using var http = await server.AdminClientAsync();

        var factories = await (await http.GetAsync("/api/connector-factories")).ExpectAsync(200);

        var oauth2 = Assert.Single(factories.EnumerateArray(), f => f.Str("id") == "oauth2");
        Assert.True(oauth2.GetProperty("allowsMultipleInstances").GetBoolean());
        Assert.True(oauth2.GetProperty("configSchema").GetProperty("properties").TryGetProperty("tokenEndpoint", out _));
    }

    [Fact]
    public async Task List_ShowsTheConnectors_WithSecretsMasked()
    {
        using var http = await server.AdminClientAsync();

        using var response = await http.GetAsync("/api/connectors");

        var list = await response.ExpectAsync(200);
        var acme = Assert.Single(list.EnumerateArray(), c => c.Str("id") == ManagementServerFactory.AcmeConnector);
        Assert.Equal("acme", acme.Str("target"));
        Assert.Equal("oauth2", acme.Str("connectorId"));
        Assert.Equal(ConnectorSecrets.Mask, acme.GetProperty("config").Str("clientSecret"));
        Assert.DoesNotContain(JsonEncodedText.Encode(FakeUpstream.ClientSecret).ToString(), list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Existing_MasksTheClientSecret_AndShowsTheRest()
    {
        using var http = await server.AdminClientAsync();

        var connector = await (await http.GetAsync($"/api/connectors/{ManagementServerFactory.AcmeConnector}")).ExpectAsync(200);

        Assert.Equal(ConnectorSecrets.Mask, connector.GetProperty("config").Str("clientSecret"));
        Assert.Equal(FakeUpstream.ClientId, connector.GetProperty("config").Str("clientId"));
        Assert.Equal("Acme", connector.Str("name"));
    }

    [Fact]
    public async Task Get_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.GetAsync("/api/connectors/no-such-connector")).ExpectAsync(404);
    }

    [Fact]
    public async Task Create_Valid_Is201_WithTheSecretMasked_AndStoredEncrypted()
    {
        var target = NewTarget();
        using var http = await server.AdminClientAsync();

        using var response = await http.PostJsonAsync("/api/connectors", CreateBody("c-" + target, target));

        var created = await response.ExpectAsync(201);
        Assert.Equal($"/api/connectors/c-{target}", response.Headers.Location?.OriginalString);
        Assert.Equal(target, created.Str("target"));
        Assert.Equal(ConnectorSecrets.Mask, created.GetProperty("config").Str("clientSecret"));
        Assert.Equal(FakeUpstream.ClientSecret, (await StoredConfigAsync("c-" + target)).Str("clientSecret"));
    }

    [Fact]
    public async Task Create_InvalidConfig_Is400NamingTheConfigFields()
    {
        var target = NewTarget();
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/connectors",
            $$$"""{"id":"c-{{{target}}}","connectorId":"oauth2","target":"{{{target}}}","config":{"authorizationEndpoint":"https://idp.example.test/auth","tokenEndpoint":"not a url","clientId":"x","clientSecret":"y"}}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("config.tokenEndpoint"));
        Assert.NotEmpty(problem.ErrorsFor("config.userInfoEndpoint"));
        await (await http.GetAsync($"/api/connectors/c-{target}")).ExpectAsync(404);
    }

    [Fact]
    public async Task Create_UnknownPlugin_Is400NamingConnectorId()
    {
        var target = NewTarget();
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/connectors",
            $$$"""{"id":"c-{{{target}}}","connectorId":"saml","target":"{{{target}}}","config":{}}""")).ExpectAsync(400);

        Assert.Contains("saml", problem.ErrorsFor("connectorId")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TakenTarget_Is409NamingTheTarget()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/connectors", CreateBody("c-" + NewTarget(), "acme"))).ExpectAsync(409);

        Assert.Contains("acme", problem.ErrorsFor("target")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TakenId_Is409NamingTheId()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/connectors", CreateBody(ManagementServerFactory.AcmeConnector, NewTarget()))).ExpectAsync(409);

        Assert.NotEmpty(problem.ErrorsFor("id"));
    }

    [Fact]
    public async Task Create_ConfigOfTheWrongJsonType_Is400()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/connectors",
            """{"id":"c-x","connectorId":"oauth2","target":"x","config":"not an object"}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("config"));
    }

    [Fact]
    public async Task Patch_SendingTheMaskBack_KeepsTheStoredSecret()
    {
        var target = NewTarget();
        var id = "c-" + target;
        var created = await CreateAsync(id, target);
        var config = created.GetProperty("config").Deserialize<Dictionary<string, JsonElement>>()!;
        config["scope"] = JsonSerializer.SerializeToElement("openid profile");
        using var http = await server.AdminClientAsync();

        var patched = await (await http.PatchJsonAsync($"/api/connectors/{id}",
            JsonSerializer.Serialize(new { name = "Renamed", config }))).ExpectAsync(200);

        Assert.Equal("Renamed", patched.Str("name"));
        Assert.Equal(ConnectorSecrets.Mask, patched.GetProperty("config").Str("clientSecret"));
        var stored = await StoredConfigAsync(id);
        Assert.Equal(FakeUpstream.ClientSecret, stored.Str("clientSecret"));
        Assert.Equal("openid profile", stored.Str("scope"));
    }

    [Fact]
    public async Task Patch_NewSecret_ReplacesTheStoredOne()
    {
        var target = NewTarget();
        var id = "c-" + target;
        var config = (await CreateAsync(id, target)).GetProperty("config").Deserialize<Dictionary<string, JsonElement>>()!;
        config["clientSecret"] = JsonSerializer.SerializeToElement("a-brand-new-secret");
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync($"/api/connectors/{id}", JsonSerializer.Serialize(new { config }))).ExpectAsync(200);

        Assert.Equal("a-brand-new-secret", (await StoredConfigAsync(id)).Str("clientSecret"));
    }

    [Fact]
    public async Task Patch_InvalidConfig_Is400NamingTheField_AndChangesNothing()
    {
        var target = NewTarget();
        var id = "c-" + target;
        var config = (await CreateAsync(id, target)).GetProperty("config").Deserialize<Dictionary<string, JsonElement>>()!;
        config["tokenEndpoint"] = JsonSerializer.SerializeToElement("ftp://idp.example.test/token");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/connectors/{id}", JsonSerializer.Serialize(new { name = "Changed", config }))).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("config.tokenEndpoint"));
        Assert.Equal("Example Login", (await (await http.GetAsync($"/api/connectors/{id}")).ExpectAsync(200)).Str("name"));
    }

    [Fact]
    public async Task Patch_ChangingTheTarget_Is400NamingIt()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/connectors/{ManagementServerFactory.GitHubConnector}", """{"target":"gitlab"}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("target"));
    }

    [Fact]
    public async Task Patch_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/connectors/no-such-connector", """{"name":"X"}""")).ExpectAsync(404);
    }

    [Fact]
    public async Task Delete_RemovesTheConnector()
    {
        var target = NewTarget();
        await CreateAsync("c-" + target, target);
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync($"/api/connectors/c-{target}")).ExpectAsync(204);

        await (await http.GetAsync($"/api/connectors/c-{target}")).ExpectAsync(404);
    }

    [Fact]
    public async Task Delete_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync("/api/connectors/no-such-connector")).ExpectAsync(404);
    }

    [Fact]
    public async Task ConnectorAddedThroughTheApi_AppearsOnTheSignInPage_SignsUsersIn_AndDisappearsWhenDeleted_UsersStay()
    {
        var target = NewTarget();
        var id = "c-" + target;
        using var http = await server.AdminClientAsync();
        var created = await CreateAsync(id, target, name: "Example Login");
        var config = created.GetProperty("config").Deserialize<Dictionary<string, JsonElement>>()!;
        await (await http.PatchJsonAsync($"/api/connectors/{id}", JsonSerializer.Serialize(new { config }))).ExpectAsync(200);
        await (await http.PatchJsonAsync("/api/sign-in-exp",
            $$"""{"signUp":{"identifiers":[],"password":false},"socialSignInConnectorTargets":["{{target}}","acme"]}""")).ExpectAsync(200);

        using var browser = server.NewBrowser();
        Assert.Equal(["Continue with Example Login", "Continue with Acme"], await ButtonsAsync(browser));

        server.Upstream.Behaviour.UserInfo = $$"""{"sub":"{{Guid.NewGuid():N}}","name":"Via API"}""";
        var userId = await SignInThroughAsync(browser, id);
        var tokenRequest = server.Upstream.TokenRequests.Last();
        Assert.Contains(id, tokenRequest.Form["redirect_uri"], StringComparison.Ordinal);
        Assert.Equal(FakeUpstream.ClientSecret, tokenRequest.Form["client_secret"]);

        await (await http.DeleteAsync($"/api/connectors/{id}")).ExpectAsync(204);

        Assert.Equal(["Continue with Acme"], await ButtonsAsync(browser));
        var experience = await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200);
        Assert.DoesNotContain(target, experience.GetProperty("socialSignInConnectorTargets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Via API", (await (await http.GetAsync($"/api/users/{userId}")).ExpectAsync(200)).Str("name"));
        var identity = Assert.Single((await (await http.GetAsync($"/api/users/{userId}/identities")).ExpectAsync(200)).EnumerateArray());
        Assert.Equal(target, identity.Str("target"));
    }

    [Fact]
    public async Task ReorderedTargets_ShowInTheNewOrderAtTheNextRequest()
    {
        using var http = await server.AdminClientAsync();
        using var browser = server.NewBrowser();

        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"socialSignInConnectorTargets":["acme","github"]}""")).ExpectAsync(200);
        var before = await ButtonsAsync(browser);
        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"socialSignInConnectorTargets":["github","acme"]}""")).ExpectAsync(200);
        var after = await ButtonsAsync(browser);

        Assert.Equal(["Continue with Acme", "Continue with GitHub"], before);
        Assert.Equal(["Continue with GitHub", "Continue with Acme"], after);
    }

    private static async Task<IReadOnlyList<string>> ButtonsAsync(BrowserSession browser) =>
        [.. (await browser.GoAsync("/sign-in")).Document.QuerySelectorAll("ul.social button").Select(b => b.TextContent.Trim())];

    /// <summary>Starts at an app's authorization request, clicks the connector's button, redeems the code; returns the user id.</summary>
    private async Task<string> SignInThroughAsync(BrowserSession browser, string connectorId)
    {
        var pkce = Pkce.Create();
        var signIn = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce));
        var landing = await browser.SubmitAsync(signIn, new Dictionary<string, string>(), formAction: "/social/" + connectorId);
        Assert.True(landing.CallbackParameters.ContainsKey("code"), $"Ended on {landing.Url} ({landing.Status}): {landing.Alert}");
        using var backChannel = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(backChannel, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return Jwt.Payload(tokens.IdToken!).GetProperty("sub").GetString()!;
    }
}
