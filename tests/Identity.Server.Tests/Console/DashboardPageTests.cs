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
            total = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().Users.CountAsync();
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
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console");

        var chart = page.Document.QuerySelector("svg.activity-chart")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.NotNull(chart.QuerySelector("title"));
        Assert.Null(page.Document.QuerySelector("[style]"));
        Assert.Equal(30, page.Document.QuerySelectorAll("#dau-table tbody tr").Length);
        // The person's own sign-in makes them active today.
        Assert.NotEqual("0", Value(page, "stat-dau"));
    }

    private static string Value(PageResult page, string id) => page.Document.QuerySelector($"#{id} .stat__value")!.TextContent.Trim();
}
