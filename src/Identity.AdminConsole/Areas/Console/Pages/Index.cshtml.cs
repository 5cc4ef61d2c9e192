using Identity.Admin.Dashboard;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Identity.AdminConsole.Areas.Console.Pages;

/// <summary>The dashboard: how many users there are, how many are new and how many were active, as numbers and a chart.</summary>
public sealed class IndexModel(DashboardStats stats, IStringLocalizer<ConsoleText> text) : PageModel
{
    public int TotalUsers { get; private set; }

    public NewUserCounts NewUsers { get; private set; } = null!;

    public ActiveUserCounts Active { get; private set; } = null!;

    /// <summary>The daily active users chart, an SVG whose text is already HTML-encoded.</summary>
    public string Chart { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // One after another: the counts share the request's DbContext.
        TotalUsers = await stats.CountUsersAsync(cancellationToken);
        NewUsers = await stats.CountNewUsersAsync(cancellationToken);
        Active = await stats.CountActiveUsersAsync(cancellationToken);
        Chart = ActivityChart.Render(Active.DauCurve, new ActivityChartText(text["Daily active users"], text["active users"]), "dau-chart");
    }

    /// <summary>A change as a signed number ("+2", "−1", "±0"): readable without the colour.</summary>
    public static string Delta(int delta) => delta switch
    {
        > 0 => "+" + delta.ToString(System.Globalization.CultureInfo.CurrentCulture),
        < 0 => "−" + (-(long)delta).ToString(System.Globalization.CultureInfo.CurrentCulture),
        _ => "±0",
    };
}
