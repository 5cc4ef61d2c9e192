using System.Net;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>The audit log page: its filters, its paging newest first, and bad input as field errors.</summary>
public sealed class AuditLogPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private static readonly DateTimeOffset Day1 = new(2020, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AuditLog_FilterByTypeAndUser_ShowsOnlyTheirEntries()
    {
        var username = Flows.NewUsername();
        await AddEntriesAsync(username, (AuditEventTypes.SignInSucceeded, Day1), (AuditEventTypes.SignInFailed, Day1.AddHours(1)),
            (AuditEventTypes.SignOut, Day1.AddHours(2)));
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/audit-log?type=signIn.failed&user={username}");

        var row = Assert.Single(page.Document.QuerySelectorAll("tbody tr"));
        Assert.Equal(AuditEventTypes.SignInFailed, row.QuerySelector("th")!.TextContent);
        Assert.Contains(username, row.TextContent);
        Assert.Contains("2020-01-01T11:00:00Z", row.TextContent);
        Assert.NotNull(page.Document.QuerySelector("#type option[value='signIn.failed'][selected]"));
    }

    [Fact]
    public async Task AuditLog_FilterByOutcome_ShowsOnlyThatOutcome()
    {
        var username = Flows.NewUsername();
        await AddEntriesAsync(username, (AuditEventTypes.SignInSucceeded, Day1), (AuditEventTypes.SignInFailed, Day1.AddHours(1)));
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/audit-log?outcome=failure&user={username}");

        Assert.Equal(AuditEventTypes.SignInFailed, Assert.Single(page.Document.QuerySelectorAll("tbody tr")).QuerySelector("th")!.TextContent);
    }

    [Fact]
    public async Task AuditLog_FilterByTimeRange_FromIncludedToExcluded()
    {
        var username = Flows.NewUsername();
        await AddEntriesAsync(username, (AuditEventTypes.SignInSucceeded, Day1), (AuditEventTypes.SignInSucceeded, Day1.AddDays(1)),
            (AuditEventTypes.SignInSucceeded, Day1.AddDays(2)));
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/audit-log?user={username}&from=2020-01-02T10:00&to=2020-01-03T10:00");

        Assert.Contains("2020-01-02T10:00:00Z", Assert.Single(page.Document.QuerySelectorAll("tbody tr")).TextContent);
        Assert.Equal("2020-01-02T10:00", page.InputValue("from"));
    }

    [Fact]
    public async Task AuditLog_MoreThanAPage_NewestFirstWithLinksToOlder()
    {
        var username = Flows.NewUsername();
        await AddEntriesAsync(username, [.. Enumerable.Range(0, 52).Select(i => (AuditEventTypes.SignInSucceeded, Day1.AddMinutes(i)))]);
        using var browser = await server.SignedInAsync();

        var first = await browser.GoAsync($"/console/audit-log?user={username}");
        var second = await browser.GoAsync(first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(50, first.Document.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("2020-01-01T10:51:00Z", first.Document.QuerySelector("tbody tr")!.TextContent);
        var older = second.Document.QuerySelectorAll("tbody tr");
        Assert.Equal(2, older.Length);
        Assert.Contains("2020-01-01T10:00:00Z", older[^1].TextContent);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2020-13-45T99:00", "to")]
    [InlineData("from=2020-01-02T00:00&to=2020-01-01T00:00", "to")]
    public async Task AuditLog_BadTime_FieldErrorNotAnErrorPage(string query, string field)
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/audit-log?" + query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(string.IsNullOrEmpty(page.FieldError(field)));
        Assert.Equal("true", page.Document.QuerySelector("#" + field)!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task AuditLog_UnknownType_FieldErrorNotAnErrorPage()
    {
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/audit-log?type=bogus");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(string.IsNullOrEmpty(page.FieldError("type")));
    }

    [Fact]
    public async Task AuditLog_ConsoleChange_ShowsThePersonAsActor()
    {
        using var browser = await server.SignedInAsync();
        var form = await browser.GoAsync("/console/users/new");
        var username = Flows.NewUsername();
        await browser.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = username, ["ConsolePermission"] = "false" });

        var page = await browser.GoAsync($"/console/audit-log?type={AuditEventTypes.UserCreated}&user={username}");

        var row = Assert.Single(page.Document.QuerySelectorAll("tbody tr"));
        Assert.Contains($"console:{ConsoleServer.AdminUsername}", row.TextContent);
    }

    private async Task AddEntriesAsync(string username, params (string Type, DateTimeOffset At)[] entries)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        foreach (var (type, at) in entries)
        {
            db.AuditLog.Add(new AuditLogEntry
            {
                Type = type, CreatedAt = at, Username = username, UserId = "id-" + username, IpAddress = "203.0.113.7",
                Outcome = type == AuditEventTypes.SignInFailed ? AuditOutcome.Failure : AuditOutcome.Success,
            });
        }
        await db.SaveChangesAsync();
    }
}
