using System.Globalization;
using System.Net;
using System.Text.Json;
using Identity.Admin.Access;
using Identity.Admin.Dashboard;
using Identity.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.ManagementApi;

/// <summary>
/// <c>/api/dashboard/users/*</c> and the service behind them, on the test run's database. The server's clock is stopped
/// at <see cref="DashboardServer.Now"/>; each test writes its users and audit entries in days no other test counts.
/// </summary>
public sealed class DashboardTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly DateOnly Today = DashboardServer.Today;

    private static DateTimeOffset At(DateOnly day, int hours = 0, int minutes = 0, int seconds = 0, int milliseconds = 0) =>
        DashboardServer.At(day, new TimeSpan(0, hours, minutes, seconds, milliseconds));

    private static DateTimeOffset LastMillisecondOf(DateOnly day) => At(day.AddDays(1)).AddMilliseconds(-1);

    private static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];

    private static (int Count, int Delta) CountAndDelta(JsonElement metric) =>
        (metric.GetProperty("count").GetInt32(), metric.GetProperty("delta").GetInt32());

    private static List<(string Date, int Count)> Curve(JsonElement active) =>
        [.. active.GetProperty("dauCurve").EnumerateArray().Select(d => (d.Str("date"), d.GetProperty("count").GetInt32()))];

    private async Task<JsonElement> GetAsync(string path)
    {
        using var http = await server.AdminClientAsync();
        return await http.GetAsync(path).ExpectAsync(200);
    }

    [Fact]
    public async Task TotalUsers_AfterAddingUsers_CountsThemAll()
    {
        var before = (await GetAsync("/api/dashboard/users/total")).GetProperty("totalUserCount").GetInt32();
        // Created long before any window the other tests count.
        await server.AddUsersAsync(At(new DateOnly(2020, 1, 1)), At(new DateOnly(2020, 1, 2)), At(new DateOnly(2020, 1, 3)));

        var after = await GetAsync("/api/dashboard/users/total");

        Assert.Equal(before + 3, after.GetProperty("totalUserCount").GetInt32());
        Assert.Equal(["totalUserCount"], after.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task NewUsers_Today_CountsByCreationTimeInUtcDays_WithDeltasAgainstThePreviousWindows()
    {
        var yesterday = Today.AddDays(-1);
        await server.AddUsersAsync(
            At(Today), At(Today, 5), At(Today, 9, 59),                              // today: 3
            LastMillisecondOf(yesterday),                                           // yesterday's last instant
            new DateTimeOffset(2030, 6, 15, 1, 0, 0, TimeSpan.FromHours(5)),        // 01:00 today at +05:00 is 20:00 UTC yesterday
            At(Today.AddDays(-6)),                                                  // the first of the 7 days
            LastMillisecondOf(Today.AddDays(-7)), At(Today.AddDays(-13)),          // the 7 days before
            At(Today.AddDays(-14), 23));                                            // before both weeks

        var counts = await GetAsync("/api/dashboard/users/new");

        Assert.Equal((3, 1), CountAndDelta(counts.GetProperty("today")));
        Assert.Equal((6, 4), CountAndDelta(counts.GetProperty("last7Days")));
    }

    [Fact]
    public async Task CountNewUsersAsync_ForAnEarlierDay_CountsThatDayAndTheWeekEndingWithIt()
    {
        var day = new DateOnly(2027, 5, 20);
        await server.AddUsersAsync(At(day, 12), At(day.AddDays(-1), 12), At(day.AddDays(-1), 13), At(day.AddDays(-8)), At(day.AddDays(1)));

        var counts = await server.InScopeAsync(services => services.GetRequiredService<DashboardStats>().CountNewUsersAsync(day, CancellationToken.None));

        Assert.Equal(new NewUserCounts(new CountWithDelta(1, -1), new CountWithDelta(3, 2)), counts);
    }

    [Fact]
    public async Task ActiveUsers_Today_CountsDistinctUsersPerWindow_WithDeltas_AndA30DayCurveOldestFirst()
    {
        string a = NewUserId(), b = NewUserId(), c = NewUserId(), d = NewUserId(), g = NewUserId(), h = NewUserId(), i = NewUserId();
        var yesterday = Today.AddDays(-1);
        await server.AddAuditAsync(
            // Today: a three times, b at the first instant of the day (a token for the user).
            (AuditEventTypes.SignInSucceeded, a, At(Today, 1)), (AuditEventTypes.SignInSucceeded, a, At(Today, 2)),
            (AuditEventTypes.TokenIssued, a, At(Today, 9)), (AuditEventTypes.TokenIssued, b, At(Today)),
            // Yesterday: a, c at its last instant, d signing up.
            (AuditEventTypes.SignInSucceeded, a, At(yesterday, 8)), (AuditEventTypes.SignInSucceeded, c, LastMillisecondOf(yesterday)),
            (AuditEventTypes.SignUpSucceeded, d, At(yesterday, 12)),
            // The week before this one: g. The 30 days: h on their first day. The 30 days before: i, and a.
            (AuditEventTypes.SignInSucceeded, g, At(Today.AddDays(-10), 15)), (AuditEventTypes.SignInSucceeded, h, At(Today.AddDays(-29))),
            (AuditEventTypes.SignInSucceeded, i, LastMillisecondOf(Today.AddDays(-30))), (AuditEventTypes.SignInSucceeded, a, At(Today.AddDays(-40))));

        var active = await GetAsync("/api/dashboard/users/active");

        Assert.Equal((2, -1), CountAndDelta(active.GetProperty("dau")));
        Assert.Equal((4, 3), CountAndDelta(active.GetProperty("wau")));
        Assert.Equal((6, 4), CountAndDelta(active.GetProperty("mau")));
        var curve = Curve(active);
        Assert.Equal(30, curve.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(n => Today.AddDays(n - 29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), curve.Select(p => p.Date));
        Assert.Equal(("2030-05-17", 1), curve[0]);
        Assert.Equal(("2030-06-05", 1), curve[19]);
        Assert.Equal(("2030-06-14", 3), curve[28]);
        Assert.Equal(("2030-06-15", 2), curve[29]);
        Assert.Equal(7, curve.Sum(p => p.Count));
    }

    [Fact]
    public async Task ActiveUsers_ForADate_EndsEveryWindowWithThatDay()
    {
        var day = new DateOnly(2029, 3, 10);
        string x = NewUserId(), y = NewUserId(), z = NewUserId();
        await server.AddAuditAsync(
            (AuditEventTypes.SignInSucceeded, x, At(day, 8)), (AuditEventTypes.SignInSucceeded, x, At(day, 9)),
            (AuditEventTypes.SignInSucceeded, x, LastMillisecondOf(day)),
            (AuditEventTypes.SignInSucceeded, y, LastMillisecondOf(day.AddDays(-1))),
            (AuditEventTypes.SignInSucceeded, z, At(day.AddDays(1))));

        var active = await GetAsync("/api/dashboard/users/active?date=2029-03-10");

        Assert.Equal((1, 0), CountAndDelta(active.GetProperty("dau")));
        Assert.Equal((2, 2), CountAndDelta(active.GetProperty("wau")));
        Assert.Equal((2, 2), CountAndDelta(active.GetProperty("mau")));
        var curve = Curve(active);
        Assert.Equal(("2029-02-09", 0), curve[0]);
        Assert.Equal([("2029-03-09", 1), ("2029-03-10", 1)], curve[^2..]);
    }

    [Fact]
    public async Task ActiveUsers_FailuresSignOutsAdminChangesAndClientTokens_AreNotActivity()
    {
        var day = new DateOnly(2028, 8, 10);
        var user = NewUserId();
        await server.AddAuditAsync(
            (AuditEventTypes.SignInFailed, NewUserId(), At(day, 1)), (AuditEventTypes.AccountLocked, NewUserId(), At(day, 1)),
            (AuditEventTypes.SignOut, NewUserId(), At(day, 2)), (AuditEventTypes.UserCreated, NewUserId(), At(day, 3)),
            (AuditEventTypes.TokenIssued, null, At(day, 4)), (AuditEventTypes.SignInSucceeded, null, At(day, 4)),
            (AuditEventTypes.SignInSucceeded, user, At(day, 5)));
        await server.AddAuditAsync(AuditOutcome.Failure, (AuditEventTypes.TokenIssued, NewUserId(), At(day, 6)));

        var active = await server.InScopeAsync(services => services.GetRequiredService<DashboardStats>().CountActiveUsersAsync(day, CancellationToken.None));

        Assert.Equal(new CountWithDelta(1, 1), active.Dau);
        Assert.Equal(new CountWithDelta(1, 1), active.Wau);
        Assert.Equal(new CountWithDelta(1, 1), active.Mau);
    }

    [Fact]
    public async Task Dashboard_ConsoleAdmins_AreNotCountedAsUsersNewUsersOrActiveUsers()
    {
        var day = new DateOnly(2028, 2, 10);
        var before = (await GetAsync("/api/dashboard/users/total")).GetProperty("totalUserCount").GetInt32();
        var ids = await server.AddUsersAsync(At(day, 9), At(day, 10));
        await server.InScopeAsync(async services =>
        {
            await services.GetRequiredService<ConsoleAdmins>().GrantAsync(ids[0], CancellationToken.None);
            return 0;
        });
        await server.AddAuditAsync((AuditEventTypes.SignInSucceeded, ids[0], At(day, 11)), (AuditEventTypes.SignInSucceeded, ids[1], At(day, 12)));

        var total = (await GetAsync("/api/dashboard/users/total")).GetProperty("totalUserCount").GetInt32();
        var (created, active) = await server.InScopeAsync(async services =>
        {
            var stats = services.GetRequiredService<DashboardStats>();
            return (await stats.CountNewUsersAsync(day, CancellationToken.None), await stats.CountActiveUsersAsync(day, CancellationToken.None));
        });

        Assert.Equal(before + 1, total);
        Assert.Equal(1, created.Today.Count);
        Assert.Equal(1, active.Dau.Count);
        Assert.Equal(1, active.DauCurve[^1].Count);
    }

    [Fact]
    public async Task ActiveUsers_NoActivity_Is30ZeroDaysEndingWithTheDate()
    {
        var active = await GetAsync("/api/dashboard/users/active?date=2027-01-15");

        Assert.Equal(Enumerable.Range(0, 30).Select(n => (new DateOnly(2027, 1, 15).AddDays(n - 29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0)), Curve(active));
        Assert.Equal("2026-12-17", Curve(active)[0].Date);
        foreach (var window in new[] { "dau", "wau", "mau" })
        {
            Assert.Equal((0, 0), CountAndDelta(active.GetProperty(window)));
        }
    }

    [Fact]
    public async Task DashboardStats_DayWhoseWindowsLeaveTheCalendar_ThrowsOutOfRange()
    {
        await server.InScopeAsync(async services =>
        {
            var stats = services.GetRequiredService<DashboardStats>();
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stats.CountActiveUsersAsync(DateOnly.MinValue.AddDays(59), CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stats.CountNewUsersAsync(DateOnly.MaxValue, CancellationToken.None));
            return true;
        });
    }

    [Theory]
    [InlineData("2030-13-01")]
    [InlineData("2030-6-15")]
    [InlineData("15-06-2030")]
    [InlineData("2030-06-15T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("1969-12-31")]
    [InlineData("9999-12-31")]
    public async Task ActiveUsers_MalformedOrOutOfRangeDate_Is400NamingDate(string date)
    {
        using var http = await server.AdminClientAsync();

        var problem = await http.GetAsync("/api/dashboard/users/active?date=" + Uri.EscapeDataString(date)).ExpectAsync(400);

        Assert.Contains("must be", problem.ErrorFor("date"));
    }

    [Theory]
    [InlineData("/api/dashboard/users/total")]
    [InlineData("/api/dashboard/users/new")]
    [InlineData("/api/dashboard/users/active")]
    public async Task Dashboard_WithoutAToken_Is401(string path)
    {
        using var http = server.ClientWith(null);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboard/users/total")]
    [InlineData("/api/dashboard/users/new")]
    [InlineData("/api/dashboard/users/active")]
    public async Task Dashboard_WithATokenWithoutTheManagementScope_Is403(string path)
    {
        using var http = await server.ReportsClientAsync();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheDashboardEndpoints_WithTheBearerRequirement()
    {
        using var http = server.ClientWith(null);

        var document = await http.GetAsync("/api/openapi.json").ExpectAsync(200);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/dashboard/users/total", "/api/dashboard/users/new", "/api/dashboard/users/active" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing");
            var get = item.GetProperty("get");
            Assert.True(get.GetProperty("security")[0].TryGetProperty("Bearer", out _), $"{path} has no bearer requirement");
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
        }
        var active = paths.GetProperty("/api/dashboard/users/active").GetProperty("get");
        Assert.Contains(active.GetProperty("parameters").EnumerateArray(), p => p.Str("name") == "date");
        Assert.True(active.GetProperty("responses").TryGetProperty("400", out _));
    }
}
