using System.Text.RegularExpressions;
using Identity.Ui.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Ui.Pages.SignOut;

/// <summary>
/// "Sign out?": shown when a sign-out request cannot prove it comes from the app, so a forged link cannot sign the
/// user out. Confirming re-posts the original request to the end-session endpoint, which validates it again.
/// </summary>
public sealed partial class IndexModel : PageModel
{
    public const string EndSessionPath = "/oidc/session/end";
    public const string ConfirmField = "confirm";
    public const string PostLogoutRedirectUriParameter = "post_logout_redirect_uri";

    public const string InvalidPostLogoutRedirectUri =
        "The 'post_logout_redirect_uri' parameter must be an absolute URL (with a scheme) without a fragment.";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { ConfirmField, "__RequestVerificationToken" };

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public IActionResult OnGet()
    {
        // This page can be linked to with any parameters: a post-logout URI that can never be valid is refused now,
        // not after the user has confirmed (whether it is registered is checked when the confirmation is posted).
        if (Request.Query[PostLogoutRedirectUriParameter].Any(uri => !IsAbsoluteWithoutFragment(uri)))
        {
            return ProtocolErrorPage.For("invalid_request", InvalidPostLogoutRedirectUri, HttpContext);
        }

        Parameters = [.. Request.Query
            .Where(p => !Reserved.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty)))];
        return Page();
    }

    // A scheme first: on Linux .NET reads "/path" and "//host" as absolute file URIs.
    private static bool IsAbsoluteWithoutFragment(string? uri) =>
        !string.IsNullOrEmpty(uri) && StartsWithScheme().IsMatch(uri) && !uri.Contains('#', StringComparison.Ordinal) &&
        Uri.TryCreate(uri, UriKind.Absolute, out _);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex StartsWithScheme();
}
