using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Checks 89-92: the Admin Console. 89: only a person holding the console permission gets past /console (everyone
/// else 403 on every page and form, the signed-out are sent to sign in, and the console's session opens no API).
/// 90: a console form posted without its antiforgery token changes nothing. 91: the first-admin setup link works once.
/// 92: a secret appears only on its reveal-once page, and each console change is audited with the person as its actor.
/// </summary>
public abstract class Check89To90ConsoleAccessChecks(ConsoleCheckServer server)
{
    // Every console page and form a person reaches from the navigation, with ids that need not exist: the permission
    // is checked before the page looks anything up.
    public static readonly TheoryData<string> ConsolePaths = new()
    {
        "/console", "/console/get-started", "/console/applications", "/console/applications/new", "/console/applications/bookstore",
        "/console/connectors", "/console/connectors/new", "/console/sign-in-experience", "/console/users", "/console/users/new",
        "/console/users/some-id", "/console/audit-log", "/console/localization",
    };

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task Check89_PersonWithoutTheConsolePermission_Gets403OnGetAndPost(string path)
    {
        var (browser, landing) = await server.ConsoleSignInAsync(CheckSeed.Alice);
        using (browser)
        {
            Assert.Equal(HttpStatusCode.Forbidden, landing.Status);

            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GoAsync(path)).Status);
            using var post = await browser.PostRawAsync(new Uri(server.BaseUri, path), [new("name", "x")]);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task Check89_SignedOutVisitor_IsSentToSignInAndSeesNoConsolePage(string path)
    {
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(path);

        Assert.Equal("/sign-in", page.Url.AbsolutePath);
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/oidc/auth");
    }

    [Fact]
    public async Task Check89_ConsoleSession_OpensNoManagementApi()
    {
        var (browser, landing) = await server.ConsoleSignInAsync(ConsoleCheckServer.Admin);
        using (browser)
        {
            Assert.Equal("/console", landing.Url.AbsolutePath);

            var api = await browser.GoAsync("/api/applications");

            Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        }
    }

    [Fact]
    public async Task Check90_ConsoleFormWithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var (browser, _) = await server.ConsoleSignInAsync(ConsoleCheckServer.Admin);
        using (browser)
        {
            using var post = await browser.PostRawAsync(new Uri(server.BaseUri, "/console/sign-out"), []);

            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            Assert.Equal("/console", (await browser.GoAsync("/console")).Url.AbsolutePath);
        }
    }
    [Fact]
    public async Task Check92_NewAppSecret_OnlyOnItsRevealOncePage_AndTheChangeIsAuditedWithThePerson()
    {
        var (browser, _) = await server.ConsoleSignInAsync(ConsoleCheckServer.Admin);
        using (browser)
        {
            var id = "checks-" + Guid.NewGuid().ToString("N")[..8];
            var form = await browser.GoAsync("/console/applications/new?type=Traditional&framework=flask");
            var created = await browser.SubmitAsync(form, new Dictionary<string, string>
            {
                ["name"] = "Checks shop", ["id"] = id, ["redirectUris"] = "https://shop.example.com/callback",
            });
            var secret = created.Document.QuerySelector("#app-secret")?.TextContent.Trim();
            Assert.False(string.IsNullOrEmpty(secret), created.Html);
            Assert.True(created.Response?.Headers.CacheControl?.NoStore, "The secret's page must not be stored by a cache.");

            foreach (var path in new[] { created.Url.PathAndQuery, $"/console/applications/{id}", "/console/applications", "/console/audit-log" })
            {
                var later = await browser.GoAsync(path);
                Assert.Equal(HttpStatusCode.OK, later.Status);
                Assert.DoesNotContain(secret!, later.Html, StringComparison.Ordinal);
            }
            Assert.DoesNotContain(secret!, server.Output, StringComparison.Ordinal);

            var log = await browser.GoAsync($"/console/audit-log?type=admin.application.created&app={id}");
            Assert.Contains("console:" + ConsoleCheckServer.Admin, log.Html, StringComparison.Ordinal);
        }
    }
}

public sealed class Check89To90ConsoleAccessTests(ConsoleCheckServer server)
    : Check89To90ConsoleAccessChecks(server), IClassFixture<ConsoleCheckServer>;

/// <summary>Check 91: the setup link printed on a database without a console admin creates one admin, once.</summary>
public sealed class Check91ConsoleSetupLinkTests(FreshConsoleCheckServer server) : IClassFixture<FreshConsoleCheckServer>
{
    [Fact]
    public async Task Check91_SetupLink_CreatesOneAdminOnce_AndIsNeverLogged()
    {
        var link = server.SetupLink();
        Assert.DoesNotContain("token=", server.Output.Replace(link, "", StringComparison.Ordinal), StringComparison.Ordinal);

        // A forged or altered token opens nothing.
        using (var forger = server.NewBrowser())
        {
            var forged = await forger.GoAsync(link[..^4] + "AAAA");
            Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
            Assert.Null(forged.Document.QuerySelector("input[name=password]"));
        }

        // Two browsers open the link; the first creates an admin, the second's form (loaded while the link still
        // worked, with its own valid antiforgery token) then makes no second one, and the link's page refuses.
        using var first = server.NewBrowser();
        using var late = server.NewBrowser();
        var form = await first.GoAsync(link);
        var lateForm = await late.GoAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(HttpStatusCode.OK, lateForm.Status);

        var signIn = await first.SubmitAsync(form, new Dictionary<string, string> { ["username"] = "first_admin", ["password"] = CheckSeed.Password });
        Assert.Equal("/sign-in", signIn.Url.AbsolutePath);
        var console = await Oidc.SubmitSignInAsync(first, signIn, "first_admin", CheckSeed.Password);
        Assert.Equal("/console", console.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, console.Status);

        var replay = await late.SubmitAsync(lateForm, new Dictionary<string, string> { ["username"] = "second_admin", ["password"] = CheckSeed.Password });
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Contains("already been set up", replay.Alert, StringComparison.Ordinal);
        using (var third = server.NewBrowser())
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await third.GoAsync(link)).Status);
        }

        var (intruder, landing) = await SignInAsync("second_admin");
        using (intruder)
        {
            Assert.NotEqual("/console", landing.Url.AbsolutePath);
        }
    }

    private async Task<(BrowserSession, PageResult)> SignInAsync(string username)
    {
        var browser = server.NewBrowser();
        var signIn = await browser.GoAsync("/console");
        return (browser, await Oidc.SubmitSignInAsync(browser, signIn, username, CheckSeed.Password));
    }
}
