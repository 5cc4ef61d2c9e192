using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Identity.Bench;

/// <summary>The shared HTTP client: pooled keep-alive connections, no cookies (each journey keeps its own jar), no redirects.</summary>
public static class BenchHttp
{
    public static HttpClient Create(Uri baseUri, int maxConnections) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        BaseAddress = baseUri,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static AuthenticationHeaderValue Basic(string id, string secret) => new("Basic",
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}")));

    public static async Task<JsonElement> PostTokenAsync(HttpClient http, string path, (string Id, string Secret) client,
        IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(client.Id, client.Secret);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new OperationFailedException($"{path} {(int)response.StatusCode}: {Cut(body)}", response.StatusCode);
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task GetOkAsync(HttpClient http, string path, CancellationToken cancellationToken, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new OperationFailedException($"{path} {(int)response.StatusCode}: {Cut(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }
    }

    public static string Cut(string text) => text.Length > 120 ? text[..120] : text;

    public static string Required(this JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text : throw new OperationFailedException($"no {name} in {Cut(json.GetRawText())}");
}

/// <summary>A PKCE verifier and its S256 challenge.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>What a browser navigation ended on: a page on the server, or a redirect leaving it (back to the app).</summary>
public sealed record Landing(Uri Url, HttpStatusCode Status, string Html, Uri? LeftServerTo)
{
    public IReadOnlyDictionary<string, string> CallbackParameters => LeftServerTo is null
        ? new Dictionary<string, string>()
        : LeftServerTo.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
}

/// <summary>
/// A minimal browser over the shared client: its own cookie jar (names and values, sent on every request to the one
/// server), redirects followed by hand until one leaves the server, and forms posted with their hidden fields
/// (the antiforgery token included). Regular expressions instead of an HTML parser keep the driver's CPU cost low.
/// </summary>
public sealed partial class Browser(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Task<Landing> GoAsync(string url, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), follow: true, cancellationToken);

    /// <summary>Posts the page's first form with its inputs, <paramref name="values"/> filling the fields of those names.</summary>
    public Task<Landing> SubmitAsync(Landing page, IReadOnlyDictionary<string, string> values, bool follow, CancellationToken cancellationToken)
    {
        var form = FormPattern().Match(page.Html);
        if (!form.Success) throw new OperationFailedException($"no form on {page.Url.AbsolutePath} ({(int)page.Status}): {BenchHttp.Cut(page.Html)}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            if (name is null) continue;
            fields.Add(new(name, values.TryGetValue(name, out var value) ? value : Attribute(tag, "value") ?? ""));
        }
        var action = Attribute(form.Groups["open"].Value, "action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(fields) }, follow, cancellationToken);
    }

    private async Task<Landing> SendAsync(HttpRequestMessage request, bool follow, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(http.BaseAddress!, request.RequestUri);
            request.RequestUri = url;
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            using var response = await http.SendAsync(request, cancellationToken);
            request.Dispose();
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var header in setCookies) Remember(header);
            }
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (next.Authority != http.BaseAddress!.Authority || !follow)
                {
                    return new Landing(url, response.StatusCode, "", next);
                }
                request = new HttpRequestMessage(HttpMethod.Get, next);
                continue;
            }
            return new Landing(url, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), null);
        }
        throw new OperationFailedException("too many redirects");
    }

    private void Remember(string header)
    {
        var pair = header.Split(';', 2)[0];
        var eq = pair.IndexOf('=');
        if (eq <= 0) return;
        var name = pair[..eq].Trim();
        var value = pair[(eq + 1)..].Trim();
        var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || header.Contains("max-age=0", StringComparison.OrdinalIgnoreCase);
        if (value.Length == 0 || expired) _cookies.Remove(name); else _cookies[name] = value;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}\\s*=\\s*(\"(?<v>[^\"]*)\"|'(?<v>[^']*)')", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : null;
    }

    [GeneratedRegex("(?<open><form\\b[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();
}
