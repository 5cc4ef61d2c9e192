using System.Text.Json.Nodes;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>Which entries to list. <see cref="Type"/> is a type or a prefix ending in a dot; <see cref="Until"/> is exclusive.</summary>
public sealed record AuditLogFilter(string? Type, string? UserId, string? ClientId, DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>An audit entry as the Management API returns it.</summary>
public sealed record AuditLogView(
    long Id, DateTimeOffset CreatedAt, string Type, string Outcome, string? UserId, string? Username, string? ClientId, string? Actor,
    string? IpAddress, string? UserAgent, JsonObject? Details);

/// <summary>One page of entries and how many match over all pages.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditLogView> Items, int Total);

/// <summary>Reads the audit log, newest first. The filter is trusted: the Management API validates it.</summary>
public sealed class AuditLogReader(IdentityDataContext db)
{
    public async Task<AuditLogPage> ListAsync(AuditLogFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.AuditLog.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = type.EndsWith('.') ? query.Where(e => e.Type.StartsWith(type)) : query.Where(e => e.Type == type);
        }
        if (filter.UserId is { } userId) query = query.Where(e => e.UserId == userId);
        if (filter.ClientId is { } clientId) query = query.Where(e => e.ClientId == clientId);
        if (filter.Since is { } since) query = query.Where(e => e.CreatedAt >= since);
        if (filter.Until is { } until) query = query.Where(e => e.CreatedAt < until);

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditLogPage([.. entries.Select(ToView)], total);
    }

    private static AuditLogView ToView(AuditLogEntry entry) => new(
        entry.Id, entry.CreatedAt, entry.Type, entry.Outcome == AuditOutcome.Success ? "success" : "failure",
        entry.UserId, entry.Username, entry.ClientId, entry.Actor, entry.IpAddress, entry.UserAgent,
        entry.Details is null ? null : JsonNode.Parse(entry.Details) as JsonObject);
}
