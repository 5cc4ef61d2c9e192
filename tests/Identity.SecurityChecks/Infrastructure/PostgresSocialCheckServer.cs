namespace Identity.SecurityChecks.Infrastructure;

/// <summary>A <see cref="SocialCheckServer"/> on a new PostgreSQL database (see <see cref="PostgresCheckServer"/>).</summary>
public sealed class PostgresSocialCheckServer : SocialCheckServer
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
