using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Identity.Testing;

/// <summary>
/// Walks the hosted pages the way a browser does (cookies, redirects, form posts with their hidden fields) and stops
/// when a redirect leaves the server, i.e. when the user is sent back to the app.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _http;

    private readonly HashSet<string> _followed;

    public BrowserSession(Uri server, IEnumerable<Uri>? alsoFollow = null)
    {
        Server = server;
        _followed = [server.Authority, .. (alsoFollow ?? []).Select(u => u.Authority)];
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = server,
        };
    }

    public Uri Server { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The browser's language preference (Accept-Language), e.g. "de-DE,de;q=0.9".</summary>
    public string AcceptLanguage
    {
        set
        {
            _http.DefaultRequestHeaders.AcceptLanguage.Clear();
            _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(value);
        }
    }

    /// <summary>The browser's User-Agent header.</summary>
    public string UserAgent
    {
        set
        {
            _http.DefaultRequestHeaders.UserAgent.Clear();
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", value);
        }
    }

    /// <summary>The client address a trusted reverse proxy reports (X-Forwarded-For), so one server sees several clients.</summary>
    public string ForwardedFor
    {
        set
        {
            _http.DefaultRequestHeaders.Remove("X-Forwarded-For");
            _http.DefaultRequestHeaders.Add("X-Forwarded-For", value);
        }
    }

    /// <summary>Every URL visited during the last navigation, redirects included.</summary>
    public List<Uri> Visited { get; } = [];

    public Task<PageResult> GoAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts the page's form with its hidden fields (antiforgery token included) and the given values.</summary>
    public Task<PageResult> SubmitAsync(PageResult page, IReadOnlyDictionary<string, string> values, string? button = null, string? formAction = null)
    {
        // The page's own form is the first in <main> (the console's header carries a sign-out form before it).
        var selector = formAction is null ? "form" : $"form[action='{formAction}']";
        var form = (formAction is null ? page.Document.QuerySelector<IHtmlFormElement>("main form") : null)
            ?? page.Document.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new InvalidOperationException($"No {selector} on {page.Url}:\n{page.Html}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            fields.Add(new(input.Name!, values.TryGetValue(input.Name!, out var value) ? value : input.Value));
        }
        foreach (var textarea in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]"))
        {
            fields.Add(new(textarea.Name!, values.TryGetValue(textarea.Name!, out var text) ? text : textarea.Value));
        }
        if (button is not null)
        {
            var submit = form.QuerySelector<IHtmlButtonElement>($"button[name='{button}']")!;
            fields.Add(new(submit.Name!, submit.Value));
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : new Uri(page.Url, form.GetAttribute("action"));
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) });
    }

    /// <summary>Posts a form without its antiforgery token, as a cross-site attacker would.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(Uri url, IEnumerable<KeyValuePair<string, string>> fields) =>
        await _http.PostAsync(url, new FormUrlEncodedContent(fields));

    private async Task<PageResult> SendAsync(HttpRequestMessage request)
    {
        Visited.Clear();
        for (var hops = 0; hops < 10; hops++)
        {
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(Server, request.RequestUri);
            Visited.Add(url);
            using var response = await _http.SendAsync(request);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!_followed.Contains(next.Authority))
                {
                    return new PageResult(url, response.StatusCode, string.Empty, Parser.ParseDocument(string.Empty), next);
                }
                request = new HttpRequestMessage(HttpMethod.Get, next);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            return new PageResult(url, response.StatusCode, html, Parser.ParseDocument(html), null, response);
        }
        throw new InvalidOperationException("Too many redirects: " + string.Join(" -> ", Visited));
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A page the session landed on, or the redirect that took the user back to the app.</summary>
public sealed record PageResult(Uri Url, HttpStatusCode Status, string Html, IDocument Document, Uri? LeftServerTo,
    HttpResponseMessage? Response = null)
{
    public string? Heading => Document.QuerySelector("h1")?.TextContent.Trim();

    public string? Alert => Document.QuerySelector("[role=alert]")?.TextContent.Trim();

    public string? InputValue(string id) => Document.QuerySelector<IHtmlInputElement>("#" + id)?.Value;

    public string? FieldError(string inputId) => Document.QuerySelector("#" + inputId + "-error")?.TextContent.Trim();

    public string? LabelFor(string inputId) => Document.QuerySelector($"label[for='{inputId}']")?.TextContent.Trim();

    public IReadOnlyDictionary<string, string> CallbackParameters =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(LeftServerTo?.Query)
            .ToDictionary(p => p.Key, p => p.Value.ToString());
}
