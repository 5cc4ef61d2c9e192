using Identity.Core.Audit;

namespace Identity.Core.Tests.Support;

/// <summary>
/// The audit log as a list. It refuses what the server's database log refuses (an unknown type, a detail named like a
/// credential), so a call site that would fail in production fails here too.
/// </summary>
internal sealed class RecordingAuditLog : IAuditLog
{
    private readonly List<AuditEvent> _entries = [];

    public IReadOnlyList<AuditEvent> Entries => _entries;

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        Assert.Contains(auditEvent.Type, AuditEventTypes.All);
        AuditDetails.EnsureNoCredentials(auditEvent.Details);
        _entries.Add(auditEvent);
        return Task.CompletedTask;
    }

    public IReadOnlyList<AuditEvent> OfType(string type) => [.. _entries.Where(e => e.Type == type)];

    /// <summary>Forgets what the test's own setup recorded, so the assertions see only the step under test.</summary>
    public void Clear() => _entries.Clear();
}
