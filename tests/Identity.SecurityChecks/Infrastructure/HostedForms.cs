using System.Text.RegularExpressions;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>The hosted sign-in and register pages, filled in directly (without an app's authorization request).</summary>
public static partial class HostedForms
{
    public static async Task<PageResult> SignInAsync(BrowserSession browser, string username, string password)
    {
        var page = await browser.GoAsync("/sign-in");
        return await Oidc.SubmitSignInAsync(browser, page, username, password);
    }

    public static async Task<PageResult> RegisterAsync(BrowserSession browser, string username, string password)
    {
        var page = await browser.GoAsync("/register");
        return await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = password, ["ConfirmPassword"] = password,
        });
    }

    /// <summary>
    /// True when the browser holds a live session, asked the way an app asks: a silent authorization (prompt=none)
    /// comes back with a code only for a signed-in user, and with login_required otherwise.
    /// </summary>
    /// <param name="at">The instance to ask, when the browser's own server is not the one (several instances).</param>
    public static async Task<bool> IsSignedInAsync(BrowserSession browser, Uri? at = null)
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, "openid", extra: new Dictionary<string, string?> { ["prompt"] = "none" });
        var silent = await browser.GoAsync(at is null ? url : new Uri(at, url).AbsoluteUri);
        var answer = silent.CallbackParameters;
        Assert.True(answer.ContainsKey("code") || answer.GetValueOrDefault("error") == "login_required",
            $"Unexpected answer to prompt=none: {silent.LeftServerTo?.ToString() ?? silent.Html}");
        return answer.ContainsKey("code");
    }

    public static string NewUsername() => "user_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A page's HTML with what legitimately differs between two responses blanked: antiforgery tokens and the
    /// username the form echoes back.
    /// </summary>
    public static string Normalized(string html, string username) =>
        AntiforgeryValue().Replace(html, "value=\"(token)\"").Replace(username, "(username)", StringComparison.Ordinal);

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}
