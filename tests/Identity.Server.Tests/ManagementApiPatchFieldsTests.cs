using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Every Management API PATCH refuses a field it cannot change, naming it, at any depth; nothing changes.</summary>
public sealed class ManagementApiPatchFieldsTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    [Fact]
    public async Task PatchApplication_SecretOrId_Is400NamingThem_AndTheNameIsNotChanged()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/applications/{TestApps.SpaId}",
            """{"name":"Changed","Secret":"0123456789abcdef-secret","id":"x"}""")).ExpectAsync(400);

        Assert.Contains("the fields that can are name, redirectUris", problem.ErrorsFor("Secret")[0], StringComparison.Ordinal);
        Assert.NotEmpty(problem.ErrorsFor("id"));
        Assert.Equal("Single-page app", (await (await http.GetAsync($"/api/applications/{TestApps.SpaId}")).ExpectAsync(200)).Str("name"));
    }

    [Fact]
    public async Task PatchSignInExperience_AnUnknownNestedField_Is400NamingItsPath()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp",
            """{"branding":{"appName":"Acme","favicon":"x"},"signUp":{"password":true}}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("branding.favicon"));
    }

    [Fact]
    public async Task PatchUser_AnUnknownField_Is400()
    {
        using var http = await server.AdminClientAsync();
        var id = (await (await http.PostJsonAsync("/api/users",
            """{"username":"patch_fields","password":"correct horse battery staple 42"}""")).ExpectAsync(201)).Str("id");

        var problem = await (await http.PatchJsonAsync($"/api/users/{id}", """{"isAdmin":true}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("isAdmin"));
    }

    [Fact]
    public async Task PatchConnector_ConfigIsFreeForm_ItsFieldsAreThePlugins()
    {
        using var http = await server.AdminClientAsync();
        var config = server.Upstream.ConnectorConfig().TrimEnd().TrimEnd('}') + """, "someProviderExtra": "kept" }""";

        await (await http.PatchJsonAsync($"/api/connectors/{ManagementServerFactory.AcmeConnector}",
            $$"""{"config":{{config}}}""")).ExpectAsync(200);
    }
}
