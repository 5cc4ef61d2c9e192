using System.Globalization;
using System.Net;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary><c>GET /api/logs</c>: who may read the audit log, its filters and paging, and the actor of admin changes.</summary>
public sealed class ManagementApiLogsTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private async Task<JsonElement> LogsAsync(string query)
    {
        using var http = await server.AdminClientAsync();
        return await (await http.GetAsync("/api/logs?" + query)).ExpectAsync(200);
    }

    [Fact]
    public async Task Logs_WithoutAToken_Is401()
    {
        using var http = server.ClientWith(null);

        using var response = await http.GetAsync("/api/logs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logs_WithATokenWithoutTheManagementScope_Is403()
    {
        using var http = server.ClientWith(
            await server.ClientCredentialsTokenAsync(ManagementServerFactory.ReportsId, ManagementServerFactory.ReportsSecret, "reports"));

        using var response = await http.GetAsync("/api/logs");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task RotateSecret_ThroughTheApi_RecordsTheManagementClientAsActor_AndNeverTheSecret()
    {
        var id = "app-" + Guid.NewGuid().ToString("N")[..8];
        using var http = await server.AdminClientAsync();
        var created = await (await http.PostJsonAsync("/api/applications", $$"""{"id":"{{id}}","name":"Audited","type":"MachineToMachine"}""")).ExpectAsync(201);

        var rotated = await (await http.PostAsync($"/api/applications/{id}/secret", null)).ExpectAsync(200);

        var entries = (await LogsAsync("clientId=" + id)).EnumerateArray().ToList();
        Assert.Equal(["admin.application.secretRotated", "admin.application.created"], entries.Select(e => e.Str("type")));
        Assert.All(entries, e => Assert.Equal(ManagementServerFactory.AdminId, e.Str("actor")));
        Assert.All(entries, e => Assert.Equal("success", e.Str("outcome")));
        var everything = await AuditTrail.EverythingAsync(server);
        Assert.DoesNotContain(created.Str("secret"), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated.Str("secret"), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FilteredByOutcome_ListOnlyThatOutcome()
    {
        var id = "app-" + Guid.NewGuid().ToString("N")[..8];
        using var http = await server.AdminClientAsync();
        await (await http.PostJsonAsync("/api/applications", $$"""{"id":"{{id}}","name":"Audited","type":"MachineToMachine"}""")).ExpectAsync(201);

        Assert.Single((await LogsAsync($"clientId={id}&outcome=success")).EnumerateArray());
        Assert.Empty((await LogsAsync($"clientId={id}&outcome=failure")).EnumerateArray());
    }

    [Fact]
    public async Task UserChange_ThroughTheApi_IsFoundByUserIdWithTheActor()
    {
        using var http = await server.AdminClientAsync();
        var user = await (await http.PostJsonAsync("/api/users", $$"""{"username":"{{Flows.NewUsername()}}","password":"{{Flows.GoodPassword}}"}""")).ExpectAsync(201);
        var userId = user.Str("id");
        await (await http.PostAsync($"/api/users/{userId}/lock", null)).ExpectAsync(200);

        var entries = (await LogsAsync("userId=" + userId)).EnumerateArray().ToList();

        Assert.Equal(["admin.user.locked", "admin.user.created"], entries.Select(e => e.Str("type")));
        Assert.All(entries, e => Assert.Equal(ManagementServerFactory.AdminId, e.Str("actor")));
        Assert.DoesNotContain(Flows.GoodPassword, await AuditTrail.EverythingAsync(server), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FilteredByTypePrefix_ReturnOnlyThatFamily_NewestFirst()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using (var browser = server.NewBrowser())
        {
            await AccountPages.SignInAsync(browser, username, "wrong password");
            await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
        }
        var userId = await AuditTrail.UserIdAsync(server, username);

        var signIns = (await LogsAsync($"userId={userId}&type=signIn.")).EnumerateArray().ToList();
        var failures = (await LogsAsync($"userId={userId}&type=signIn.failed")).EnumerateArray().ToList();

        Assert.Equal(["signIn.succeeded", "signIn.failed"], signIns.Select(e => e.Str("type")));
        Assert.Equal("failure", Assert.Single(failures).Str("outcome"));
        Assert.Equal("wrongPassword", failures[0].GetProperty("details").Str("reason"));
        Assert.Equal("127.0.0.1", failures[0].Str("ipAddress"));
        Assert.Equal(username, failures[0].Str("username"));
    }

    [Fact]
    public async Task Logs_PageBySize_WithTheTotalInTheTotalNumberHeader()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using (var browser = server.NewBrowser())
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await AccountPages.SignInAsync(browser, username, "wrong password " + attempt);
            }
        }
        var userId = await AuditTrail.UserIdAsync(server, username);
        using var http = await server.AdminClientAsync();

        using var first = await http.GetAsync($"/api/logs?userId={userId}&page_size=3");
        using var second = await http.GetAsync($"/api/logs?userId={userId}&page_size=3&page=2");

        var firstIds = (await first.ExpectAsync(200)).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        var secondPage = (await second.ExpectAsync(200)).EnumerateArray().ToList();
        Assert.Equal(3, firstIds.Count);
        Assert.Equal("signUp.succeeded", Assert.Single(secondPage).Str("type"));
        Assert.True(firstIds.Min() > secondPage[0].GetProperty("id").GetInt64());
        Assert.Equal("4", Assert.Single(first.Headers.GetValues("Total-Number")));
        Assert.Equal("4", Assert.Single(second.Headers.GetValues("Total-Number")));
    }

    [Fact]
    public async Task Logs_SinceAndUntil_SelectByTime()
    {
        var before = await AccountPages.CreateUserAsync(server);
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var boundary = server.Clock.GetUtcNow();
        var after = await AccountPages.CreateUserAsync(server);
        var window = Uri.EscapeDataString(boundary.ToString("O", CultureInfo.InvariantCulture));

        var since = (await LogsAsync("type=signUp.succeeded&since=" + window)).EnumerateArray().Select(e => e.Str("username")).ToList();
        var until = (await LogsAsync("type=signUp.succeeded&until=" + window)).EnumerateArray().Select(e => e.Str("username")).ToList();

        Assert.Contains(after, since);
        Assert.DoesNotContain(before, since);
        Assert.Contains(before, until);
        Assert.DoesNotContain(after, until);
    }

    [Theory]
    [InlineData("type=signIn.bogus", "type")]
    [InlineData("type=signIn", "type")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-01-01T00:00:00", "until")]
    [InlineData("since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=ten", "page_size")]
    public async Task Logs_BadFilter_Is400NamingTheParameter(string query, string parameter)
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.GetAsync("/api/logs?" + query)).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor(parameter));
    }
}
