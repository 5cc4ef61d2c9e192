namespace Identity.SecurityChecks.Infrastructure;

/// <summary>A <see cref="SocialCheckServer"/> on a new PostgreSQL database (see <see cref="PostgresCheckServer"/>).</summary>
public sealed class PostgresSocialCheckServer : SocialCheckServer
{
    protected override bool OnPostgreSql => true;

    /// <summary>The server's database, which a check can cut off and restore.</summary>
    public PostgresDatabase Database => Postgres ?? throw new InvalidOperationException("The server has not started.");
}
