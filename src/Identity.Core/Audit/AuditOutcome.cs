namespace Identity.Core.Audit;

/// <summary>Whether the recorded action went through.</summary>
public enum AuditOutcome
{
    Success,
    Failure,
}
