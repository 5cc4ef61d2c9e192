using System.Net.Http.Headers;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.ManagementApi;

/// <summary>
/// The server in process for the dashboard endpoints, its clock stopped at <see cref="Now"/> (so "today" is a known UTC
/// day): a machine-to-machine app granted <c>management</c>, another granted only <c>reports</c>, no users. Tests write
/// users and audit entries straight into its database with the times they need.
/// </summary>
public sealed class DashboardServer : IdentityServerFactory<Program>
{
    public const string AdminId = "admin-robot";
    public const string AdminSecret = "admin-robot-secret-0123456789abcdef";
    public const string ReportsId = "reports-robot";
    public const string ReportsSecret = "reports-robot-secret-0123456789abcdef";

    /// <summary>The server's time: 10:00 UTC on <see cref="Today"/>.</summary>
    public static readonly DateTimeOffset Now = new(2030, 6, 15, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private string? _adminToken;

    // Before the server starts: its keys and tokens are made at this time.
    public DashboardServer() => Clock.SetUtcNow(Now);

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{AdminId}}", "name": "Admin robot", "type": "MachineToMachine", "secret": "{{AdminSecret}}", "scopes": ["management"] },
            { "id": "{{ReportsId}}", "name": "Reports robot", "type": "MachineToMachine", "secret": "{{ReportsSecret}}", "scopes": ["reports"] }
          ]
        }
        """;

    /// <summary>Midnight UTC starting <paramref name="day"/>, plus <paramref name="time"/>.</summary>
    public static DateTimeOffset At(DateOnly day, TimeSpan time = default) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + time;

    /// <summary>A client sending the admin robot's bearer token.</summary>
    public async Task<HttpClient> AdminClientAsync() => ClientWith(_adminToken ??= await TokenAsync(AdminId, AdminSecret, "management"));

    /// <summary>A client sending the reports robot's token: valid, but without the management scope.</summary>
    public async Task<HttpClient> ReportsClientAsync() => ClientWith(await TokenAsync(ReportsId, ReportsSecret, "reports"));

    public HttpClient ClientWith(string? accessToken)
    {
        var http = NewBackChannel();
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return http;
    }

    private async Task<string> TokenAsync(string clientId, string secret, string scope)
    {
        using var back = NewBackChannel();
        var tokens = await Flows.PostTokenAsync(back, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = scope },
            (clientId, secret));
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens.AccessToken!;
    }

    /// <summary>Users created at the given times; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> AddUsersAsync(params DateTimeOffset[] createdAt)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var users = createdAt.Select(time =>
        {
            var name = "dash-" + Guid.NewGuid().ToString("N")[..12];
            return new UserAccount
            {
                UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString("N"),
                CreatedAt = time, UpdatedAt = time,
            };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    /// <summary>Audit entries of the given type, user and time (a failure when <paramref name="outcome"/> says so).</summary>
    public async Task AddAuditAsync(params (string Type, string? UserId, DateTimeOffset At)[] entries) =>
        await AddAuditAsync(AuditOutcome.Success, entries);

    public async Task AddAuditAsync(AuditOutcome outcome, params (string Type, string? UserId, DateTimeOffset At)[] entries)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        db.AuditLog.AddRange(entries.Select(e => new AuditLogEntry { Type = e.Type, Outcome = outcome, UserId = e.UserId, CreatedAt = e.At }));
        await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="action"/> with a request scope's services (e.g. the dashboard service itself).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
