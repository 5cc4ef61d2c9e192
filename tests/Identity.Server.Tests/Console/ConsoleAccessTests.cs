using System.Net;
using Identity.Admin.Access;
using Identity.Data;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>Who may enter the console, how they sign in, and how long they stay.</summary>
public sealed class ConsoleAccessTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task Console_SignedOut_SignsInThroughTheServersOwnAuthorizationEndpointWithPkce()
    {
        using var browser = server.NewBrowser();
        var page = await browser.GoAsync("/console");

        var authorization = browser.Visited.Single(u => u.AbsolutePath == "/oidc/auth");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query);
        Assert.Equal(ConsoleClient.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(new Uri(server.BaseAddress, ConsoleClient.CallbackPath).AbsoluteUri, query["redirect_uri"]);
        Assert.Equal("/sign-in", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Console_AdminSignsIn_SeesTheDashboardNamingThem()
    {
        using var browser = await server.SignedInAsync();

        var dashboard = await browser.GoAsync("/console");

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains(ConsoleServer.AdminUsername, dashboard.Document.QuerySelector(".person")!.TextContent);
    }

    [Fact]
    public async Task Console_PersonWithoutThePermission_Gets403OnEveryConsolePage()
    {
        using var browser = await SignedInWithoutPermissionAsync();

        foreach (var path in ConsolePagePaths())
        {
            var page = await browser.GoAsync(path);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{path}: {page.Status}");
            Assert.Contains("console permission", page.Html);
        }
    }

    [Fact]
    public async Task Console_PermissionTakenAway_NextRequestIs403()
    {
        using var browser = await server.SignedInAsync(await NewAdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GoAsync("/console")).Status);
        var username = (await browser.GoAsync("/console")).Document.QuerySelector(".person span")!.TextContent;

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            var userId = await db.Users.Where(u => username.Contains(u.UserName!)).Select(u => u.Id).SingleAsync();
            await db.UserAccessRoles.Where(h => h.UserId == userId).ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GoAsync("/console")).Status);
    }

    [Fact]
    public async Task Console_PostWithoutAntiforgeryToken_IsRefused()
    {
        using var browser = await server.SignedInAsync();

        var response = await browser.PostRawAsync(new Uri(server.BaseAddress, "/console/sign-out"), []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GoAsync("/console")).Status);
    }

    [Fact]
    public async Task Console_SignOut_EndsTheConsoleAndTheServerSession()
    {
        using var browser = await server.SignedInAsync();
        var dashboard = await browser.GoAsync("/console");

        var signedOut = await browser.SubmitAsync(dashboard, new Dictionary<string, string>(), formAction: "/console/sign-out");

        Assert.Equal("/console/signed-out", signedOut.Url.AbsolutePath);
        Assert.Equal("/sign-in", (await browser.GoAsync("/console")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Console_IdleLongerThanTheIdleTimeout_AsksToSignInAgain()
    {
        using var browser = await server.SignedInAsync();

        server.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal("/sign-in", (await browser.GoAsync("/console")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Console_ActiveLongerThanTheSessionLifetime_AsksToSignInAgain()
    {
        using var browser = await server.SignedInAsync();
        for (var minutes = 0; minutes < 8 * 60; minutes += 10)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(10));
            // Kept active: each request within the idle timeout; the server session too stays alive this way.
            await browser.GoAsync("/console");
        }

        server.Clock.Advance(TimeSpan.FromMinutes(10));
        var page = await browser.GoAsync("/console");

        Assert.NotEqual("/console", page.Url.AbsolutePath);
    }

    private async Task<BrowserSession> SignedInWithoutPermissionAsync()
    {
        var browser = server.NewBrowser();
        var signIn = await browser.GoAsync("/console");
        var landed = await browser.SubmitAsync(signIn, new Dictionary<string, string>
        {
            ["Username"] = ConsoleServer.PlainUsername, ["Password"] = ConsoleServer.Password,
        });
        Assert.Equal(HttpStatusCode.Forbidden, landed.Status);
        return browser;
    }

    // A fresh admin per test that changes an admin's state, so the shared seed admin stays as it is.
    private async Task<string> NewAdminAsync()
    {
        var username = Flows.NewUsername();
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Identity.Admin.UserAdmin>();
        var user = await users.CreateAsync(new Identity.Admin.Definitions.UserDefinition { Username = username, Password = ConsoleServer.Password }, default);
        await scope.ServiceProvider.GetRequiredService<ConsoleAdmins>().GrantAsync(user.Id, default);
        return username;
    }

    // Every console page route that needs the permission, read from the running server (a new page is covered at once).
    private List<string> ConsolePagePaths()
    {
        var anonymous = new[] { "/console/setup", "/console/signed-out", "/console/sign-out", "/console/status/{code:int}" };
        var sources = server.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null || e.Metadata.OfType<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>().Any())
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/console", StringComparison.OrdinalIgnoreCase) && !anonymous.Contains(p, StringComparer.OrdinalIgnoreCase))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p, @"\{[^}]+\}", "x"))
            .Distinct()
            .ToList() is { Count: > 0 } paths ? paths : throw new InvalidOperationException("No console pages found.");
    }
}
