using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Ui.Pages.SignOut;

/// <summary>
/// "Sign out?": shown when a sign-out request cannot prove it comes from the app, so a forged link cannot sign the
/// user out. Confirming re-posts the original request to the end-session endpoint.
/// </summary>
public sealed class IndexModel : PageModel
{
    public const string EndSessionPath = "/oidc/session/end";
    public const string ConfirmField = "confirm";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { ConfirmField, "__RequestVerificationToken" };

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public void OnGet() =>
        Parameters = [.. Request.Query
            .Where(p => !Reserved.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty)))];
}
