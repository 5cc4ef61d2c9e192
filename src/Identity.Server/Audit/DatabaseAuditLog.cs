using System.Text.Json;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Audit;

/// <summary>
/// Writes audit entries to the database through the request's own DbContext: one insert, in the same transaction as
/// the change when there is one (a seed that rolls back leaves no entries claiming it applied).
/// </summary>
public sealed class DatabaseAuditLog(IdentityDataContext db, TimeProvider clock, AuditActor actor, IHttpContextAccessor http) : IAuditLog
{
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        db.AuditLog.Add(Entry(auditEvent));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Writes this entry alone, now, with a plain INSERT (<see cref="AuditLogInsert"/>): for a request that changes
    /// nothing else, such as a client-credentials token, where SaveChanges was most of the cost.
    /// </summary>
    public Task RecordAloneAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        AuditLogInsert.InsertAsync(db, Entry(auditEvent), cancellationToken);

    /// <summary>
    /// Adds the entry to the request's DbContext without a save of its own: the next save of the request (OpenIddict's
    /// insert of the token it is about to issue) writes it in the same transaction, one round trip and one commit
    /// fewer per token request. Should no save come before the response starts, a successful response saves it then;
    /// a failed one drops it (no token was issued).
    /// </summary>
    public void RecordWithNextSave(AuditEvent auditEvent, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = db.AuditLog.Add(Entry(auditEvent));
        context.Response.OnStarting(async () =>
        {
            if (entry.State != EntityState.Added)
            {
                return;
            }
            if (context.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                entry.State = EntityState.Detached;
                return;
            }
            await db.SaveChangesAsync(context.RequestAborted);
        });
    }

    /// <summary>The entry this log would write for the event (its time, actor, address and user agent filled in), for a
    /// caller that writes it with changes of its own in one transaction.</summary>
    public AuditLogEntry Entry(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!AuditEventTypes.All.Contains(auditEvent.Type))
        {
            throw new ArgumentException($"'{auditEvent.Type}' is not an audit event type (see AuditEventTypes).", nameof(auditEvent));
        }
        AuditDetails.EnsureNoCredentials(auditEvent.Details);
        if (auditEvent.Details?.Count > AuditLogEntry.MaxDetails)
        {
            throw new ArgumentException($"An audit entry carries at most {AuditLogEntry.MaxDetails} details.", nameof(auditEvent));
        }

        var request = http.HttpContext;
        return new AuditLogEntry
        {
            CreatedAt = clock.GetUtcNow(),
            Type = auditEvent.Type,
            Outcome = auditEvent.Outcome,
            UserId = Cut(auditEvent.UserId, AuditLogEntry.MaxUserIdLength),
            Username = Cut(auditEvent.Username, AuditLogEntry.MaxUsernameLength),
            ClientId = Cut(auditEvent.ClientId, AuditLogEntry.MaxClientIdLength),
            Actor = Cut(actor.Name, AuditLogEntry.MaxActorLength),
            IpAddress = Cut(request?.Connection.RemoteIpAddress?.ToString(), AuditLogEntry.MaxIpAddressLength),
            UserAgent = Cut(request?.Request.Headers.UserAgent.ToString(), AuditLogEntry.MaxUserAgentLength),
            Details = auditEvent.Details is { Count: > 0 } details
                ? JsonSerializer.Serialize(details.ToDictionary(d => d.Key, d => Cut(d.Value, AuditLogEntry.MaxDetailValueLength), StringComparer.Ordinal))
                : null,
        };
    }

    // Callers can send anything (a 10 kB client_id, a long User-Agent): the log keeps a bounded prefix.
    private static string? Cut(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
