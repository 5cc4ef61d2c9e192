using System.Net;
using System.Text;

namespace Identity.Testing;

/// <summary>
/// A small HTTP server on a free port of 127.0.0.1, in the test process, for what stands around the server under test
/// (an app's redirect URI, a third-party provider): it answers each request with <see cref="AnswerAsync"/> until disposed.
/// </summary>
public abstract class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    protected LoopbackHttpServer()
    {
        (_listener, BaseUri) = FreePort.StartListener();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; }

    /// <summary>Answers one request; must close the response.</summary>
    protected abstract Task AnswerAsync(HttpListenerContext context);

    protected static async Task RespondAsync(HttpListenerResponse response, HttpStatusCode status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = (int)status;
        response.ContentType = contentType + "; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Close();
        // The loop ends with the listener; waiting makes sure no request is served after disposal.
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        GC.SuppressFinalize(this);
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

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug here must show as a failed journey with a reason, not as a server that stopped answering.
                await RespondAsync(context.Response, HttpStatusCode.InternalServerError, "text/plain", e.ToString());
            }
        }
    }
}
