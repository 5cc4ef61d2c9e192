using Identity.Core.Audit;

namespace Identity.Core.Tests.Support;

/// <summary>Reads one audit entry's details the way an admin filtering the log would.</summary>
internal static class AuditAssert
{
    public static void Has(AuditEvent entry, string key, string? value)
    {
        Assert.NotNull(entry.Details);
        Assert.True(entry.Details.TryGetValue(key, out var actual), $"The {entry.Type} entry has no '{key}' detail.");
        Assert.Equal(value, actual);
    }
}
