namespace Identity.Core.Audit;

/// <summary>
/// Where security-relevant events are written (sign-ins, lockouts, token grants, admin changes). The server's
/// implementation adds the time, the admin actor and the caller's IP address and User-Agent.
/// </summary>
public interface IAuditLog
{
    /// <summary>Writes one entry. Details must never carry a password, secret, code or token.</summary>
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
