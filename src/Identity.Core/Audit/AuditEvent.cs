namespace Identity.Core.Audit;

/// <summary>
/// One thing that happened, as a call site knows it. <see cref="Details"/> is a small bag of names and values
/// (e.g. the reason a sign-in failed, the grant type): it must never hold a password, secret, code or token, and
/// keys that look like one are refused (see <see cref="AuditDetails"/>).
/// </summary>
/// <param name="Type">One of <see cref="AuditEventTypes"/>.</param>
/// <param name="Outcome">Whether it succeeded.</param>
public sealed record AuditEvent(string Type, AuditOutcome Outcome)
{
    public string? UserId { get; init; }

    public string? Username { get; init; }

    public string? ClientId { get; init; }

    public IReadOnlyDictionary<string, string?>? Details { get; init; }
}
