namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// Two server processes on one PostgreSQL database, as behind a load balancer, with Logto's OAuth2 connector pointed
/// at a fake provider: both announce the same issuer (the balancer's address would be it; here it is A's) and share
/// everything else through the database.
/// </summary>
public sealed class ScaleOutServers : IAsyncLifetime
{
    public PostgresDatabase Database => A.Database;

    public PostgresSocialCheckServer A { get; } = new();

    public CheckServer B { get; private set; } = null!;

    public FakeUpstream Upstream => A.Upstream;

    public async Task InitializeAsync()
    {
        await A.InitializeAsync(); // on a new PostgreSQL database, which B shares through A's settings

        B = CheckServer.SecondInstanceOf(A);
        A.MoreSettings["Issuer"] = B.MoreSettings["Issuer"] = A.Issuer;
        await A.RestartAsync(); // now announcing the shared issuer
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        await A.DisposeAsync(); // drops the database
    }

    /// <summary>A browser that follows redirects within A and to the provider, and stops at B (the test sends it on).</summary>
    public BrowserSession NewBrowser() => A.NewBrowser(Upstream.BaseAddress);

    /// <summary>The same path and query on the other instance.</summary>
    public static Uri On(CheckServer instance, Uri url) => new(instance.BaseUri, url.PathAndQuery);
}
