using Identity.Core.Audit;

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
}
