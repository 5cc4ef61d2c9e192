namespace Identity.Core.Audit;

/// <summary>The guard on what an audit entry may carry beyond its columns.</summary>
public static class AuditDetails
{
    // A detail named like a credential is a bug at the call site: refusing it loudly keeps secrets out of the log.
    private static readonly string[] ForbiddenKeyParts = ["password", "secret", "token", "code", "verifier", "assertion"];

    /// <summary>Throws when a detail's name suggests it holds a credential.</summary>
    public static void EnsureNoCredentials(IReadOnlyDictionary<string, string?>? details)
    {
        foreach (var key in details?.Keys ?? [])
        {
            if (ForbiddenKeyParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"The audit detail '{key}' looks like a credential; audit entries never carry one.", nameof(details));
            }
        }
    }
}
