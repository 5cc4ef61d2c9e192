namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// Two server processes on one database, as behind a load balancer: both announce the same issuer (the balancer's
/// address would be it; here it is A's), and share everything through the database.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public CheckServer A { get; } = new();

    public CheckServer B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await A.InitializeAsync();
        B = CheckServer.SecondInstanceOf(A);
        A.MoreSettings["Issuer"] = A.Issuer;
        B.MoreSettings["Issuer"] = A.Issuer;
        await A.RestartAsync(); // now announcing the shared issuer
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
