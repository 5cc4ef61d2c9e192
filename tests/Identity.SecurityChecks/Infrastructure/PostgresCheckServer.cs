namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// A <see cref="CheckServer"/> on a new PostgreSQL database instead of its own SQLite file, for the checks that must
/// hold on both providers: a check class runs on PostgreSQL too by a subclass with this fixture
/// (<c>...OnPostgreSql</c>). Needs <c>IDENTITY_TEST_POSTGRES</c> (scripts/test.sh sets it); never skipped without it.
/// </summary>
public sealed class PostgresCheckServer : CheckServer
{
    private PostgresDatabase? _database;

    public override async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("identity_checks_", connectTimeoutSeconds: 3);
        foreach (var (key, value) in _database.ServerSettings) MoreSettings[key] = value;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
