using System.Net;
using System.Net.Sockets;

namespace Identity.Testing;

/// <summary>Ports of 127.0.0.1 for the servers the tests start, so test classes running at once never collide.</summary>
public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int Find()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>http://127.0.0.1:port/ on a port that was free a moment ago.</summary>
    public static Uri NewLoopbackUri() => new($"http://127.0.0.1:{Find()}/");

    /// <summary>An <see cref="HttpListener"/> started on a free port of 127.0.0.1, and its base address (http://127.0.0.1:port/).</summary>
    public static (HttpListener Listener, Uri BaseUri) StartListener()
    {
        // The port is found free, then bound by HttpListener; another process may win it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var baseUri = NewLoopbackUri();
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
