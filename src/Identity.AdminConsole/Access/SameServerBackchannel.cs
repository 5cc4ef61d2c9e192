using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;

namespace Identity.AdminConsole.Access;

/// <summary>
/// The console client's back channel (the code redemption at the token endpoint): every connection goes to this server's
/// own listener, whatever host the URL names. The URL keeps the public name, so the token request carries the Host the
/// browser used and the tokens name the same issuer; a request's Host header can never make the server connect elsewhere.
/// Behind a proxy that terminates TLS (the server listens on plain http and trusts X-Forwarded-Proto), an https URL is
/// sent as http with <c>X-Forwarded-Proto: https</c>, as the proxy would have.
/// </summary>
internal sealed class SameServerBackchannel : IDisposable
{
    private readonly IServer server;

    public SameServerBackchannel(IServer server)
    {
        this.server = server;
        Client = new HttpClient(new ToOwnListener(this)
        {
            InnerHandler = new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,
                UseCookies = false,
                AllowAutoRedirect = false,
                UseProxy = false,
            },
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    private Uri Listener(string preferredScheme)
    {
        var listeners = ListeningAddresses.Of(server);
        return listeners.FirstOrDefault(u => u.Scheme == preferredScheme) ?? listeners.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp)
            ?? listeners.FirstOrDefault() ?? throw new InvalidOperationException("The server has no listening address to redeem the console's code at.");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var listener = Listener(context.InitialRequestMessage.RequestUri!.Scheme);
        var address = IPAddress.TryParse(listener.Host.Trim('[', ']'), out var ip)
            ? ip.Equals(IPAddress.Any) ? IPAddress.Loopback : ip.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : ip
            : IPAddress.Loopback;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, listener.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class ToOwnListener(SameServerBackchannel backchannel) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var requested = request.RequestUri!;
            request.Headers.Host = requested.Authority;
            var listener = backchannel.Listener(requested.Scheme);
            if (listener.Scheme != requested.Scheme)
            {
                request.RequestUri = new UriBuilder(requested) { Scheme = listener.Scheme }.Uri;
                request.Headers.Add("X-Forwarded-Proto", requested.Scheme);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
