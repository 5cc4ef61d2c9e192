using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// The relying party's redirect_uri: a real HTTP listener on 127.0.0.1 that answers every request with a
/// "Callback received" page and remembers what it was sent, so a test can read the code the app would get.
/// </summary>
public sealed class CallbackListener : IDisposable
{
    public const string CallbackPath = "/callback";

    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Callback received</title></head>" +
        "<body><h1>Callback received</h1></body></html>");

    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<Uri> _received = new();
    private readonly Task _loop;

    private CallbackListener(HttpListener listener, Uri baseUri)
    {
        _listener = listener;
        BaseUri = baseUri;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; }

    public Uri CallbackUri => new(BaseUri, CallbackPath);

    public static CallbackListener Start()
    {
        var (listener, baseUri) = FreePort.StartListener();
        return new CallbackListener(listener, baseUri);
    }

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

    public void Dispose()
    {
        _listener.Close();
        // The loop ends with the listener; waiting makes sure no request is served after disposal.
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            // Recorded before answering: once the browser shows the page, the test can find the request.
            if (context.Request.Url is { } url)
            {
                _received.Enqueue(url);
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = Page.Length;
            await context.Response.OutputStream.WriteAsync(Page);
            context.Response.Close();
        }
    }
}

internal static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int Find()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>An <see cref="HttpListener"/> started on a free port of 127.0.0.1, and its base address (http://127.0.0.1:port/).</summary>
    public static (HttpListener Listener, Uri BaseUri) StartListener()
    {
        // The port is found free, then bound by HttpListener; another process may win it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var baseUri = new Uri($"http://127.0.0.1:{Find()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUri.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, baseUri);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }
}
