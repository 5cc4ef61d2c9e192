using System.Text.Json.Nodes;
using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>
/// Which entries to list. <see cref="Type"/> is a type or a prefix ending in a dot; <see cref="Until"/> is exclusive;
/// <see cref="Outcome"/> is <c>success</c> or <c>failure</c>; <see cref="User"/> matches a user's id or their username
/// as recorded (entries keep the username after the user is deleted).
/// </summary>
public sealed record AuditLogFilter(
    string? Type, string? UserId, string? ClientId, DateTimeOffset? Since, DateTimeOffset? Until, string? Outcome = null, string? User = null);

/// <summary>An audit entry as the Management API returns it.</summary>
public sealed record AuditLogView(
    long Id, DateTimeOffset CreatedAt, string Type, string Outcome, string? UserId, string? Username, string? ClientId, string? Actor,
    string? IpAddress, string? UserAgent, JsonObject? Details);

/// <summary>One page of entries and how many match over all pages.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditLogView> Items, int Total);

/// <summary>Reads the audit log, newest first, for the Management API and the console: one validation for both.</summary>
public sealed class AuditLogReader(IdentityDataContext db)
{
    public const int MaxPageSize = 100;

    public const string Success = "success";

    public const string Failure = "failure";

    /// <summary>Every problem of the filter and paging at once, under the names the callers' inputs share.</summary>
    /// <exception cref="AdminValidationException">The type, outcome, range or paging is invalid.</exception>
    public static void Validate(AuditLogFilter filter, int page, int pageSize, string pageSizeName = "pageSize")
    {
        ArgumentNullException.ThrowIfNull(filter);
        var problems = new List<DefinitionError>();
        if (filter.Type is { } type && !AuditEventTypes.IsValidFilter(type))
        {
            problems.Add(new("type", $"must be one of {string.Join(", ", AuditEventTypes.All.Order(StringComparer.Ordinal))}, or a prefix of them ending in a dot (e.g. signIn.)."));
        }
        if (filter.Outcome is { } outcome && outcome is not (Success or Failure))
        {
            problems.Add(new("outcome", $"must be {Success} or {Failure}."));
        }
        if (filter is { Since: { } from, Until: { } to } && to <= from)
        {
            problems.Add(new("until", "must be later than since."));
        }
        if (page < 1) problems.Add(new("page", "must be 1 or more."));
        if (pageSize is < 1 or > MaxPageSize) problems.Add(new(pageSizeName, $"must be between 1 and {MaxPageSize}."));
        AdminValidationException.ThrowIfAny(problems);
    }

    /// <exception cref="AdminValidationException">See <see cref="Validate"/>.</exception>
    public async Task<AuditLogPage> ListAsync(AuditLogFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        Validate(filter, page, pageSize);
        var query = db.AuditLog.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = type.EndsWith('.') ? query.Where(e => e.Type.StartsWith(type)) : query.Where(e => e.Type == type);
        }
        if (filter.UserId is { } userId) query = query.Where(e => e.UserId == userId);
        if (filter.User is { } user) query = query.Where(e => e.UserId == user || e.Username == user);
        if (filter.ClientId is { } clientId) query = query.Where(e => e.ClientId == clientId);
        if (filter.Outcome is { } outcome)
        {
            var wanted = outcome == Success ? AuditOutcome.Success : AuditOutcome.Failure;
            query = query.Where(e => e.Outcome == wanted);
        }
        if (filter.Since is { } since) query = query.Where(e => e.CreatedAt >= since);
        if (filter.Until is { } until) query = query.Where(e => e.CreatedAt < until);

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditLogPage([.. entries.Select(ToView)], total);
    }

    private static AuditLogView ToView(AuditLogEntry entry) => new(
        entry.Id, entry.CreatedAt, entry.Type, entry.Outcome == AuditOutcome.Success ? Success : Failure,
        entry.UserId, entry.Username, entry.ClientId, entry.Actor, entry.IpAddress, entry.UserAgent,
        entry.Details is null ? null : JsonNode.Parse(entry.Details) as JsonObject);
}
