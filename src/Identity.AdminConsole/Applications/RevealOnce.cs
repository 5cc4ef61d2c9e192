using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Identity.AdminConsole.Applications;

/// <summary>
/// Carries a new secret across the redirect to its reveal page, once: in TempData (a cookie protected with Data
/// Protection, never the URL), which the reveal page's read deletes, so a reload or a later visit no longer has it.
/// </summary>
internal static class RevealOnce
{
    private const string Key = "console.secret";

    public static void Keep(ITempDataDictionary tempData, string appId, string secret) => tempData[Key] = appId + "\n" + secret;

    /// <summary>The secret kept for this app, now removed; null when there is none (already shown, or another app's).</summary>
    public static string? Take(ITempDataDictionary tempData, string appId)
    {
        var kept = tempData[Key] as string;
        var separator = kept?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
        return separator > 0 && kept![..separator] == appId ? kept[(separator + 1)..] : null;
    }
}
