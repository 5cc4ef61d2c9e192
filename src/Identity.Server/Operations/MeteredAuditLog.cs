using Identity.Core.Audit;

namespace Identity.Server.Operations;

/// <summary>
/// Counts sign-ins, sign-in failures and sign-ups from the audit events the account and social services already
/// record, so there is one place that says what happened and the metrics cannot drift from the audit log.
/// </summary>
public sealed class MeteredAuditLog(IAuditLog inner, IdentityMetrics metrics) : IAuditLog
{
    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var method = Detail(auditEvent, "method");
        switch (auditEvent.Type)
        {
            case AuditEventTypes.SignInSucceeded:
                metrics.SignInSucceeded(method);
                break;
            case AuditEventTypes.SignInFailed:
                metrics.SignInFailed(method, Detail(auditEvent, "reason"));
                break;
            case AuditEventTypes.SignUpSucceeded:
                metrics.SignedUp(method);
                break;
        }
        return inner.RecordAsync(auditEvent, cancellationToken);
    }

    private static string? Detail(AuditEvent auditEvent, string key) =>
        auditEvent.Details is { } details && details.TryGetValue(key, out var value) ? value : null;
}
