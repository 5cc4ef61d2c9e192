using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Identity.Server.Tests.Console;

/// <summary>The tutorial's first half: create "Bookstore" from a framework card, its guide and secret once, then manage it.</summary>
public sealed class ApplicationsPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private const string Actor = "console:" + ConsoleServer.AdminUsername;

    [Fact]
    public async Task Create_FromTheFlaskCard_CongratsPageShowsIdSecretAndTheFlaskSnippet()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();

        var created = await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");

        Assert.Equal($"/console/applications/{id}/created", created.Url.AbsolutePath);
        var secret = created.Document.QuerySelector("#app-secret")!.TextContent.Trim();
        var snippet = created.Document.QuerySelector("pre.snippet")!.TextContent;
        var endpoint = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains("LogtoConfig(", snippet);
        Assert.Contains($"endpoint=\"{endpoint}\"", snippet);
        Assert.Contains($"appId=\"{id}\"", snippet);
        Assert.Contains($"appSecret=\"{secret}\"", snippet);
        Assert.Contains("redirectUri=\"http://localhost:5000/callback\"", snippet);
        Assert.True(await SecretWorksAsync(id, secret));
        Assert.True(created.Response!.Headers.CacheControl!.NoStore);
        Assert.Contains(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationCreated && e.Actor == Actor);
    }

    [Fact]
    public async Task Created_Reloaded_NoLongerShowsTheSecretAndOffersRotate()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        var created = await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");
        var secret = created.Document.QuerySelector("#app-secret")!.TextContent.Trim();

        var reloaded = await browser.GoAsync(created.Url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, reloaded.Status);
        Assert.DoesNotContain(secret, reloaded.Html);
        Assert.Null(reloaded.Document.QuerySelector("#app-secret"));
        Assert.NotNull(reloaded.Document.QuerySelector($"a[href='/console/applications/{id}/rotate-secret']"));
        Assert.DoesNotContain(secret, (await browser.GoAsync($"/console/applications/{id}")).Html);
        Assert.DoesNotContain(secret, await WholeAuditLogAsync());
    }

    [Theory]
    [InlineData("aspnetcore", "options.Authority = \"{endpoint}/oidc\";")]
    [InlineData("express", "endpoint: '{endpoint}',")]
    public async Task Create_FromAnotherTraditionalCard_GuideIsThatFrameworks(string framework, string expected)
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();

        var created = await CreateAsync(browser, "Traditional", framework, "Bookstore", id, "https://localhost:7001/signin-oidc");

        var snippet = created.Document.QuerySelector("pre.snippet")!.TextContent;
        Assert.Contains(expected.Replace("{endpoint}", server.BaseAddress.GetLeftPart(UriPartial.Authority)), snippet);
        Assert.Contains(created.Document.QuerySelector("#app-secret")!.TextContent.Trim(), snippet);
    }

    [Fact]
    public async Task Create_SpaFromTheReactCard_GuideHasNoSecret()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();

        var created = await CreateAsync(browser, "SPA", "react", "Bookstore SPA", id, "http://localhost:3000/callback");

        Assert.Equal($"/console/applications/{id}/created", created.Url.AbsolutePath);
        Assert.Null(created.Document.QuerySelector("#app-secret"));
        Assert.Contains($"appId: '{id}'", created.Document.QuerySelector("pre.snippet")!.TextContent);
    }

    [Fact]
    public async Task Create_WithoutAnId_MakesTheIdFromTheName()
    {
        using var browser = await server.SignedInAsync();
        var suffix = NewId();

        var created = await CreateAsync(browser, "MachineToMachine", "m2m", $"Inventory Sync {suffix}", "", null);

        Assert.Equal($"/console/applications/inventory-sync-{suffix}/created", created.Url.AbsolutePath);
    }

    [Fact]
    public async Task Create_InvalidRedirectUri_ErrorAtTheTextareaValueKeptNothingSaved()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();

        var page = await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback\nnot a uri");

        Assert.Equal("/console/applications/new", page.Url.AbsolutePath);
        Assert.Contains("not an absolute URI", page.FieldError("redirectUris"));
        Assert.Equal("true", page.Document.QuerySelector("#redirectUris")!.GetAttribute("aria-invalid"));
        Assert.Equal("http://localhost:5000/callback\nnot a uri", Textarea(page, "redirectUris"));
        Assert.Equal(id, page.InputValue("id"));
        Assert.False(await ExistsAsync(id));
    }

    [Fact]
    public async Task Create_TakenId_ErrorAtTheIdField()
    {
        using var browser = await server.SignedInAsync();

        var page = await CreateAsync(browser, "Traditional", "flask", "Another bookstore", TestApps.TraditionalId, "http://localhost:5000/callback");

        Assert.Contains("already exists", page.FieldError("id"));
        Assert.Equal("Another bookstore", page.InputValue("name"));
    }

    [Fact]
    public async Task List_Shown_HasTheAppsWithLinksAndACreateButton()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "Native", "native", "Bookstore Mobile", id, "com.example.bookstore://callback");

        var list = await browser.GoAsync("/console/applications");

        var row = list.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(id));
        Assert.Equal($"/console/applications/{id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Bookstore Mobile", row.TextContent);
        Assert.Contains("Native", row.TextContent);
        var created = DateTimeOffset.Parse(row.QuerySelector("time")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, server.Clock.GetUtcNow().AddMinutes(-1), server.Clock.GetUtcNow());
        Assert.DoesNotContain(Identity.Admin.Access.ConsoleClient.ClientId, list.Html);
        Assert.NotNull(list.Document.QuerySelector("main a[href='/console/get-started']"));
    }

    [Fact]
    public async Task Details_Shown_NamesTheIssuerAndDiscoveryUrlButNoSecret()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/applications/{TestApps.TraditionalId}");

        var issuer = server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/oidc";
        Assert.Contains(issuer + "/.well-known/openid-configuration", page.Html);
        Assert.DoesNotContain(TestApps.TraditionalSecret, page.Html);
        Assert.Equal(TestApps.TraditionalRedirect, Textarea(page, "redirectUris"));
    }

    [Fact]
    public async Task Details_SeedApp_IsMarkedManagedByTheSeedFile()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "SPA", "spa", "Not seeded", id, "http://localhost:3000/callback");

        var seeded = await browser.GoAsync($"/console/applications/{TestApps.TraditionalId}");
        var own = await browser.GoAsync($"/console/applications/{id}");

        Assert.Contains("Managed by the seed file.", seeded.Html);
        Assert.DoesNotContain("Managed by the seed file.", own.Html);
    }

    [Fact]
    public async Task Details_InvalidRedirectUri_ErrorAtTheTextareaValueKeptNothingSaved()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");
        var details = await browser.GoAsync($"/console/applications/{id}");

        var page = await browser.SubmitAsync(details, new Dictionary<string, string>
        {
            ["redirectUris"] = "http://localhost:5000/callback\nhttp://bookstore.example.com/callback",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("plain http", page.FieldError("redirectUris"));
        Assert.Equal("http://localhost:5000/callback\nhttp://bookstore.example.com/callback", Textarea(page, "redirectUris"));
        Assert.Equal("http://localhost:5000/callback", Textarea(await browser.GoAsync($"/console/applications/{id}"), "redirectUris"));
        Assert.DoesNotContain(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationUpdated);
    }

    [Fact]
    public async Task Details_ValidRedirectUris_SavedAndAuditedWithThePerson()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");
        var details = await browser.GoAsync($"/console/applications/{id}");

        var saved = await browser.SubmitAsync(details, new Dictionary<string, string>
        {
            ["name"] = "Bookstore Admin",
            ["redirectUris"] = "https://bookstore.example.com/callback\n\nhttp://localhost:5000/callback\n",
            ["postLogoutRedirectUris"] = "https://bookstore.example.com/",
        });

        Assert.Contains("saved=true", saved.Url.Query);
        Assert.Equal("Bookstore Admin", saved.Heading);
        Assert.Equal("http://localhost:5000/callback\nhttps://bookstore.example.com/callback", Textarea(saved, "redirectUris"));
        Assert.Equal("https://bookstore.example.com/", Textarea(saved, "postLogoutRedirectUris"));
        Assert.Contains(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationUpdated && e.Actor == Actor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/created")]
    [InlineData("/rotate-secret")]
    [InlineData("/secret")]
    [InlineData("/delete")]
    public async Task ApplicationPages_UnknownId_Are404(string page)
    {
        using var browser = await server.SignedInAsync();

        var result = await browser.GoAsync($"/console/applications/no-such-app{page}");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
    }

    [Fact]
    public async Task RotateSecret_SignInOlderThanFiveMinutes_AsksForThePasswordAgainWithMaxAge()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        var created = await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");
        var secret = created.Document.QuerySelector("#app-secret")!.TextContent.Trim();
        var confirm = await browser.GoAsync($"/console/applications/{id}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);

        server.Clock.Advance(TimeSpan.FromMinutes(6));
        var page = await browser.SubmitAsync(confirm, new Dictionary<string, string>());

        var authorization = browser.Visited.Single(u => u.AbsolutePath == "/oidc/auth");
        Assert.Equal("300", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query)["max_age"]);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.True(await SecretWorksAsync(id, secret));
        Assert.DoesNotContain(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationSecretRotated);
    }

    [Fact]
    public async Task RotateSecret_AfterSigningInAgain_NewSecretShownOnceOldOneInvalid()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        var created = await CreateAsync(browser, "Traditional", "flask", "Bookstore", id, "http://localhost:5000/callback");
        var oldSecret = created.Document.QuerySelector("#app-secret")!.TextContent.Trim();
        server.Clock.Advance(TimeSpan.FromMinutes(6));
        var signIn = await browser.GoAsync($"/console/applications/{id}/rotate-secret");
        Assert.Equal("/sign-in", signIn.Url.AbsolutePath);
        var confirm = await browser.SubmitAsync(signIn, new Dictionary<string, string>
        {
            ["Username"] = ConsoleServer.AdminUsername, ["Password"] = ConsoleServer.Password,
        });
        Assert.Equal($"/console/applications/{id}/rotate-secret", confirm.Url.AbsolutePath);

        var revealed = await browser.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Equal($"/console/applications/{id}/secret", revealed.Url.AbsolutePath);
        var newSecret = revealed.Document.QuerySelector("#app-secret")!.TextContent.Trim();
        Assert.NotEqual(oldSecret, newSecret);
        Assert.True(revealed.Response!.Headers.CacheControl!.NoStore);
        Assert.True(await SecretWorksAsync(id, newSecret));
        Assert.False(await SecretWorksAsync(id, oldSecret));
        Assert.DoesNotContain(newSecret, (await browser.GoAsync(revealed.Url.PathAndQuery)).Html);
        Assert.DoesNotContain(newSecret, (await browser.GoAsync($"/console/applications/{id}")).Html);
        Assert.Contains(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationSecretRotated && e.Actor == Actor);
    }

    [Fact]
    public async Task Delete_WithoutConfirmation_KeepsTheApp()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "SPA", "react", "Bookstore SPA", id, "http://localhost:3000/callback");
        var confirm = await browser.GoAsync($"/console/applications/{id}/delete");

        // The box left unticked (BrowserSession posts every input's value, ticked or not: an empty one binds as false).
        var page = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["understood"] = "", ["confirmId"] = "something-else" });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.FieldError("understood"));
        Assert.NotNull(page.FieldError("confirmId"));
        Assert.Equal("something-else", page.InputValue("confirmId"));
        Assert.True(await ExistsAsync(id));
    }

    [Fact]
    public async Task Delete_Confirmed_GoneFromTheListAndAudited()
    {
        using var browser = await server.SignedInAsync();
        var id = NewId();
        await CreateAsync(browser, "SPA", "react", "Bookstore SPA", id, "http://localhost:3000/callback");
        var details = await browser.GoAsync($"/console/applications/{id}");
        var confirm = await browser.GoAsync(details.Document.QuerySelector("a.button.danger")!.GetAttribute("href")!);

        var list = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["understood"] = "true", ["confirmId"] = id });

        Assert.Equal("/console/applications", list.Url.AbsolutePath);
        Assert.Contains(id, list.Document.QuerySelector(".alert.ok[role=status]")!.TextContent);
        Assert.DoesNotContain(list.Document.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(id));
        Assert.False(await ExistsAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync($"/console/applications/{id}")).Status);
        Assert.Contains(await AuditAsync(id), e => e.Type == AuditEventTypes.ApplicationDeleted && e.Actor == Actor);
    }

    private static string NewId() => "app" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<PageResult> CreateAsync(
        BrowserSession browser, string type, string framework, string name, string id, string? redirectUris)
    {
        var form = await browser.GoAsync($"/console/applications/new?type={type}&framework={framework}");
        var values = new Dictionary<string, string> { ["name"] = name, ["id"] = id };
        if (redirectUris is not null)
        {
            values["redirectUris"] = redirectUris;
        }
        return await browser.SubmitAsync(form, values);
    }

    private static string? Textarea(PageResult page, string id) => page.Document.QuerySelector<IHtmlTextAreaElement>("#" + id)?.Value;

    private async Task<bool> SecretWorksAsync(string id, string secret)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(id) ?? throw new InvalidOperationException($"No application {id}.");
        return await applications.ValidateClientSecretAsync(application, secret);
    }

    private async Task<bool> ExistsAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(id) is not null;
    }

    private async Task<List<AuditLogEntry>> AuditAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking().Where(e => e.ClientId == id).ToListAsync();
    }

    // Every column of every entry as one text, to prove that a secret never reaches the log.
    private async Task<string> WholeAuditLogAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return JsonSerializer.Serialize(await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking().ToListAsync());
    }
}
