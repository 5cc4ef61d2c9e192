using System.Diagnostics;

namespace Identity.Core.Telemetry;

/// <summary>
/// The <c>Identity</c> activity source: spans for the sign-in steps (password sign-in and sign-up, the social start
/// and callback) inside the ASP.NET Core request span, tagged <c>identity.outcome</c> (<c>success</c> or the failure
/// reason the audit log records). Without a listener (no tracing configured) StartActivity returns null.
/// </summary>
public static class IdentityActivities
{
    public const string SourceName = "Identity";

    public const string OutcomeTag = "identity.outcome";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Tags the current span, when it is one of ours, with the step's outcome.</summary>
    public static void RecordOutcome(string? outcome)
    {
        if (Activity.Current is { } activity && activity.Source == Source)
        {
            activity.SetTag(OutcomeTag, outcome ?? "unknown");
        }
    }
}
