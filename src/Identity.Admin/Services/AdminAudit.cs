using Identity.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>How the admin services record a change they made (the actor is the door's: API client, CLI or seed).</summary>
internal static class AdminAudit
{
    public static Task RecordChangeAsync(this IAuditLog audit, string type, CancellationToken cancellationToken,
        string? userId = null, string? username = null, string? clientId = null, IReadOnlyDictionary<string, string?>? details = null) =>
        audit.RecordAsync(new AuditEvent(type, AuditOutcome.Success)
        {
            UserId = userId, Username = username, ClientId = clientId, Details = details,
        }, cancellationToken);

    /// <summary>The details of an entry, from name-value pairs.</summary>
    public static Dictionary<string, string?> Details(params ReadOnlySpan<(string Key, string? Value)> pairs)
    {
        var details = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            details[key] = value;
        }
        return details;
    }

    /// <summary>Deletes each record on its own and records each deletion (the seed file's prune); returns how many.</summary>
    public static async Task<int> DeleteEachAsync<T>(this DbContext db, IReadOnlyList<T> doomed, Func<T, Task> record, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var item in doomed)
        {
            db.Remove(item);
            await db.SaveChangesAsync(cancellationToken);
            await record(item);
        }
        return doomed.Count;
    }
}
