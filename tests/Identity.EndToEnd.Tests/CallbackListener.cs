using System.Collections.Concurrent;
using System.Net;
using System.Web;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// The relying party's redirect_uri: a real HTTP listener on 127.0.0.1 that answers every request with a
/// "Callback received" page and remembers what it was sent, so a test can read the code the app would get.
/// </summary>
public sealed class CallbackListener : LoopbackHttpServer
{
    public const string CallbackPath = "/callback";

    private const string Page =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Callback received</title></head>" +
        "<body><h1>Callback received</h1></body></html>";

    private readonly ConcurrentQueue<Uri> _received = new();

    private CallbackListener()
    {
    }

    public Uri CallbackUri => new(BaseUri, CallbackPath);

    public static CallbackListener Start() => new();

    /// <summary>The query parameters of the callback that carried <paramref name="state"/>, or null if none came.</summary>
    public IReadOnlyDictionary<string, string?>? FindCallback(string state)
    {
        foreach (var uri in _received)
        {
            var query = HttpUtility.ParseQueryString(uri.Query);
            if (uri.AbsolutePath == CallbackPath && query["state"] == state)
            {
                return query.AllKeys.OfType<string>().ToDictionary(key => key, key => query[key]);
            }
        }
        return null;
    }

    protected override async Task AnswerAsync(HttpListenerContext context)
    {
        // Recorded before answering: once the browser shows the page, the test can find the request.
        if (context.Request.Url is { } url)
        {
            _received.Enqueue(url);
        }
        await RespondAsync(context.Response, HttpStatusCode.OK, "text/html", Page);
    }
}
