using Microsoft.AspNetCore.Http;

namespace Identity.Ui.Throttling;

/// <summary>
/// Set by the server on requests whose failures are rate limited; a page reports a failed attempt through it (the
/// server decides what counting means, the page only knows the attempt failed).
/// </summary>
public interface IFailedAttemptFeature
{
    void ReportFailure();
}

public static class FailedAttempts
{
    /// <summary>Counts this request as a failed attempt, when the server limits them (otherwise does nothing).</summary>
    public static void ReportFailedAttempt(this HttpContext context) => context.Features.Get<IFailedAttemptFeature>()?.ReportFailure();
}
