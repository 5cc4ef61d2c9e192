using System.Globalization;
using Identity.Admin.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Identity.Admin.ManagementApi;

/// <summary>The body of <c>GET /api/dashboard/users/total</c> (Logto's shape).</summary>
public sealed record TotalUsers(int TotalUserCount);

/// <summary>
/// <c>/api/dashboard</c>: the Admin Console dashboard's user counts, in Logto's shapes. Days are UTC days; each delta is
/// the count minus the previous window's.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The earliest day <c>date</c> may name: the audit log's times are Unix milliseconds.</summary>
    private static readonly DateOnly EarliestDate = new(1970, 1, 1);

    public static void MapDashboard(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dashboard/users").WithTags("Dashboard");

        group.MapGet("/total", TotalAsync).WithName("GetTotalUserCount").WithSummary("Counts all users.");

        group.MapGet("/new", NewAsync).WithName("GetNewUserCounts")
            .WithSummary("Counts users created today (UTC) and over the last 7 days (today included), each with its delta against the day, " +
                "or the 7 days, before.");

        group.MapGet("/active", ActiveAsync).WithName("GetActiveUserCounts")
            .WithSummary("Counts distinct active users (a successful sign-in or sign-up, or a token issued to the user) on a UTC day (DAU), " +
                "over the 7 (WAU) and 30 (MAU) days ending with it, each with its delta against the window before; dauCurve has the 30 days " +
                "ending with it, oldest first. date (YYYY-MM-DD) defaults to today (UTC).")
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "date") ?? [])
                {
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
                    parameter.Description = "The UTC day, YYYY-MM-DD; today when left out.";
                }
                return Task.CompletedTask;
            });
    }

    private static async Task<Ok<TotalUsers>> TotalAsync(DashboardStats stats, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TotalUsers(await stats.CountUsersAsync(cancellationToken)));

    private static async Task<Ok<NewUserCounts>> NewAsync(DashboardStats stats, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.CountNewUsersAsync(cancellationToken));

    private static async Task<Ok<ActiveUserCounts>> ActiveAsync(DashboardStats stats, string? date, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.CountActiveUsersAsync(ParseDate(date) ?? stats.TodayUtc, cancellationToken));

    private static DateOnly? ParseDate(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw AdminValidationException.For("date", "must be a day as YYYY-MM-DD, e.g. 2026-01-31.");
        }
        // The windows reach 60 days back and a day forward.
        if (date < EarliestDate || date == DateOnly.MaxValue)
        {
            throw AdminValidationException.For("date", $"must be between {EarliestDate:yyyy-MM-dd} and {DateOnly.MaxValue.AddDays(-1):yyyy-MM-dd}.");
        }
        return date;
    }
}
