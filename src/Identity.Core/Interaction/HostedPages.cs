using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Core.Interaction;

/// <summary>The hosted pages' paths, and the one place that builds a link to the page a user should see next.</summary>
public static class HostedPages
{
    public const string SignIn = "/sign-in";
    public const string Register = "/register";
    public const string SignOut = "/sign-out";
    public const string SignedOut = "/signed-out";

    /// <summary>Where a social provider sends the user back: <c>/callback/{connectorId}</c> (Identity.Ui's Social/Callback page).</summary>
    public const string SocialCallback = "/callback";

    /// <summary>
    /// The longest URL the server redirects a browser to: the browser sends it back as a request line, which Kestrel
    /// refuses over 8 KiB (Identity.Server's RequestLimits); the rest is room for the method, scheme and host.
    /// </summary>
    public const int MaxRedirectLength = 7 * 1024;

    public const string ReturnUrlParameter = "returnUrl";
    public const string UsernameParameter = "username";

    /// <summary>
    /// The page to send a user to when an app asks for sign-in. <paramref name="returnUrl"/> must be a local path
    /// (the authorization request to resume); <paramref name="username"/> pre-fills the form.
    /// </summary>
    public static string ForInteraction(FirstScreen screen, string returnUrl, string? username)
    {
        var query = new Dictionary<string, string?> { [ReturnUrlParameter] = returnUrl };
        if (!string.IsNullOrEmpty(username))
        {
            query[UsernameParameter] = username;
        }
        return QueryHelpers.AddQueryString(screen == FirstScreen.Register ? Register : SignIn, query);
    }

    /// <summary>
    /// True for a path on this server, and nothing else: rejects absolute URLs, protocol-relative <c>//host</c>
    /// and the <c>/\host</c> trick browsers treat as a host, so the pages can never be used as an open redirector.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(char.IsControl);

    /// <summary>
    /// The return URL if it is local, otherwise the home page; ready for a Location header: non-ASCII characters (a
    /// crafted <c>/é</c>) are percent-encoded as UTF-8, the URL a browser would have requested anyway. Unencoded, the
    /// header is refused after the sign-in has happened, which made a 500 of a successful sign-in.
    /// </summary>
    public static string SafeReturnUrl(string? url) => IsLocalUrl(url) ? PercentEncodeNonAscii(url!) : "/";

    private static string PercentEncodeNonAscii(string url)
    {
        if (System.Text.Ascii.IsValid(url))
        {
            return url;
        }

        var encoded = new System.Text.StringBuilder(url.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        // Runes, so a character outside the BMP is one code point; an unpaired surrogate becomes U+FFFD.
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                encoded.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    /// <summary>Whether a browser can follow a redirect to <paramref name="url"/> (see <see cref="MaxRedirectLength"/>).</summary>
    public static bool FitsInRedirect(string url) => url.Length <= MaxRedirectLength;

    /// <summary>Builds a path with a query string from request-style parameters (used to resume a POSTed request as a GET).</summary>
    public static string WithQuery(string path, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        path + QueryString.Create(parameters).ToUriComponent();
}
