using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>The dashboard: its numbers come from the database, its chart is drawn on the server.</summary>
public sealed class DashboardPageTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task Dashboard_TotalUsers_MatchesTheDatabase()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console");

        int total;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // Console admins run the server and are not counted among its users.
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            total = await db.Users.CountAsync(u => !db.UserAccessRoles.Any(h => h.UserId == u.Id && db.AccessRoles.Any(r => r.Id == h.RoleId && r.Name == "admin")));
        }
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(page, "stat-total"));
    }

    [Fact]
    public async Task Dashboard_OneUserCreatedToday_ShowsOneNewUserToday()
    {
        // A new day: the seed's users were created yesterday.
        server.Clock.Advance(TimeSpan.FromDays(1));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(new UserDefinition { Username = Flows.NewUsername() }, default);
        }
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console");

        Assert.Equal("1", Value(page, "stat-new-today"));
    }

    [Fact]
    public async Task Dashboard_Chart_IsAnAccessibleSvgWithATableOfThe30Days()
    {
        using (var user = server.NewBrowser())
        {
            await AccountPages.SignInAsync(user, ConsoleServer.PlainUsername, ConsoleServer.Password);
        }
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console");

        var chart = page.Document.QuerySelector("svg.activity-chart")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.NotNull(chart.QuerySelector("title"));
        Assert.Null(page.Document.QuerySelector("[style]"));
        Assert.Equal(30, page.Document.QuerySelectorAll("#dau-table tbody tr").Length);
        // A user's sign-in makes them active today (the admin's own does not count).
        Assert.NotEqual("0", Value(page, "stat-dau"));
    }

    private static string Value(PageResult page, string id) => page.Document.QuerySelector($"#{id} .stat__value")!.TextContent.Trim();
}
