using System.Text.Json;
using Identity.Server.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>Reads the audit log straight from the test server's database.</summary>
public static class AuditTrail
{
    public static async Task<List<AuditLogEntry>> EntriesAsync(IdentityServerFactory server, Func<IQueryable<AuditLogEntry>, IQueryable<AuditLogEntry>> filter)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return await filter(db.AuditLog.AsNoTracking()).OrderBy(e => e.Id).ToListAsync();
    }

    public static Task<List<AuditLogEntry>> ForUsernameAsync(IdentityServerFactory server, string username) =>
        EntriesAsync(server, entries => entries.Where(e => e.Username == username));

    public static async Task<string> UserIdAsync(IdentityServerFactory server, string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == username)).Id;
    }

    /// <summary>Every column of every entry as one text, to prove that something never appears in the log.</summary>
    public static async Task<string> EverythingAsync(IdentityServerFactory server) =>
        JsonSerializer.Serialize(await EntriesAsync(server, entries => entries));
}
