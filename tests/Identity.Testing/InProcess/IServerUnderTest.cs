namespace Identity.Testing;

/// <summary>
/// A running server a shared flow can talk to, whether in-process (<see cref="IdentityServerFactory{TProgram}"/>) or a
/// process of its own: where it is, a browser for its pages and a client for its back channel.
/// </summary>
public interface IServerUnderTest
{
    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    Uri BaseAddress { get; }

    /// <summary>A browser-like client: its own cookies, redirects followed by hand so tests can see them.</summary>
    BrowserSession NewBrowser();

    /// <summary>A plain HTTP client for back-channel calls (token, userinfo, revocation).</summary>
    HttpClient NewBackChannel();
}
