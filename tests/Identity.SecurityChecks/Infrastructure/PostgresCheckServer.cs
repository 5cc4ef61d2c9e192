namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// A <see cref="CheckServer"/> on a new PostgreSQL database instead of its own SQLite file, for the checks that must
/// hold on both providers: a check class runs on PostgreSQL too by a subclass with this fixture
/// (<c>...OnPostgreSql</c>). Needs <c>IDENTITY_TEST_POSTGRES</c> (scripts/test.sh sets it); never skipped without it.
/// </summary>
public sealed class PostgresCheckServer : CheckServer
{
    protected override bool OnPostgreSql => true;

    /// <summary>The server's database, which a check can cut off and restore.</summary>
    public PostgresDatabase Database => Postgres ?? throw new InvalidOperationException("The server has not started.");
}
