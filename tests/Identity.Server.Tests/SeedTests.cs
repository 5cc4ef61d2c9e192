using Identity.Admin.Seeding;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Identity.Server.Tests;

/// <summary>The seed file: applied at start, idempotent, all-or-nothing, with errors that name file, entry and field.</summary>
public sealed class SeedTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private async Task<SeedOutcome> ApplyAsync(string json)
    {
        var path = Path.Combine(server.DataPath, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SeedRunner>().ApplyFileAsync(path, CancellationToken.None);
    }

    private async Task<object?> FindApplicationAsync(string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId);
    }

    [Fact]
    public async Task Seed_AppliedAgain_ChangesNothing()
    {
        _ = server.BaseAddress;

        var outcome = await ApplyAsync(TestApps.SeedJson);

        Assert.Equal(new SeedOutcome(Created: 0, Updated: 0, Unchanged: 3), outcome);
    }

    [Fact]
    public async Task Seed_ChangedDefinition_UpdatesTheApplication()
    {
        _ = server.BaseAddress;
        const string Version1 = """{ "applications": [ { "id": "shop", "name": "Shop", "type": "SPA", "redirectUris": ["http://localhost:4000/cb"] } ] }""";
        const string Version2 = """{ "applications": [ { "id": "shop", "name": "Shop", "type": "SPA", "redirectUris": ["http://localhost:4000/cb", "http://localhost:4000/cb2"] } ] }""";

        var created = await ApplyAsync(Version1);
        var updated = await ApplyAsync(Version2);
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync(Flows.AuthorizeUrl("shop", "http://localhost:4000/cb2", Pkce.Create()));

        Assert.Equal(1, created.Created);
        Assert.Equal(1, updated.Updated);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Seed_WithOneBadEntry_AppliesNothingAndNamesFileEntryAndField()
    {
        _ = server.BaseAddress;
        const string Json = """
            { "applications": [
                { "id": "good-one", "name": "Good", "type": "SPA", "redirectUris": ["http://localhost:4100/cb"] },
                { "id": "bad-one", "name": "Bad", "type": "Traditional", "secret": "short", "redirectUris": ["not a uri"] } ] }
            """;

        var error = await Assert.ThrowsAsync<SeedException>(() => ApplyAsync(Json));

        Assert.Contains(".json", error.Message);
        Assert.Contains("applications[1] (bad-one).secret", error.Message);
        Assert.Contains("applications[1] (bad-one).redirectUris[0]", error.Message);
        Assert.Null(await FindApplicationAsync("good-one"));
    }

    [Theory]
    [InlineData("""{ "applications": [ { "id": "x", "nmae": "typo" } ] }""", "applications[0].nmae")]
    [InlineData("""{ "applications": [ { "id": "x", """, "(line")]
    [InlineData("""{ "applicatons": [] }""", "applicatons")]
    [InlineData("""{ "connectors": [ { "id": "c", "config": { "scope": "a", "scope": "b" } } ] }""", "connectors[0].config")]
    public async Task Seed_MalformedJson_IsRefusedWithWhereItWentWrong(string json, string expected)
    {
        _ = server.BaseAddress;

        var error = await Assert.ThrowsAsync<SeedException>(() => ApplyAsync(json));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Server_WithABadSeedFile_ExitsWithAMessageNamingFileEntryAndField()
    {
        var folder = Directory.CreateTempSubdirectory("identity-bad-seed-");
        using var database = TestDatabase.Create();
        try
        {
            var seedPath = Path.Combine(folder.FullName, "seed.json");
            await File.WriteAllTextAsync(seedPath,
                """{ "applications": [ { "id": "oops", "name": "Oops", "type": "Website", "redirectUris": ["http://localhost/cb"] } ] }""");

            // The real executable, as an admin would start it.
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["Identity.Server.dll", "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                Environment =
                {
                    ["DataPath"] = folder.FullName, ["Seed__Path"] = seedPath, ["Security__RequireHttps"] = "false",
                    ["DataProtection__AllowUnprotectedKeys"] = "true",
                },
            };
            foreach (var (key, value) in database.EnvironmentVariables)
            {
                start.Environment[key] = value;
            }
            var run = await ChildProcess.RunToEndAsync(start, TimeSpan.FromSeconds(60));

            Assert.Equal(1, run.ExitCode);
            Assert.Contains(seedPath, run.Stderr);
            Assert.Contains("applications[0] (oops).type", run.Stderr);
            Assert.Contains("Traditional, SPA, Native, MachineToMachine", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr + run.Stdout);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
