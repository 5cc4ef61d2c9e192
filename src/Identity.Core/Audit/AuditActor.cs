namespace Identity.Core.Audit;

/// <summary>
/// Who is making admin changes in this scope, set by each admin door: the Management API (its client id), the CLI, the
/// seed runner, the first-start bootstrap. Sign-ins and token grants have no actor: the user or client is the subject.
/// </summary>
public sealed class AuditActor
{
    public const string Cli = "cli";
    public const string Seed = "seed";
    public const string Bootstrap = "bootstrap";

    public string? Name { get; set; }
}
