using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Tests;

/// <summary>
/// Every SQLite connection the server opens commits without a WAL sync (synchronous=NORMAL), keeps a small page cache
/// of its own (the server holds one connection per request in progress), and waits for locks in SQLite's own busy handler.
/// </summary>
public sealed class SqliteConnectionPragmasTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("identity-pragmas-").FullName;

    [Theory]
    [InlineData(7, 7_000)]
    [InlineData(0, int.MaxValue)] // Microsoft.Data.Sqlite's 0 waits for ever; SQLite's 0 would not wait at all
    public async Task AnOpenedConnection_HasNormalSync_ASmallPageCache_AndTheConnectionTimeoutAsBusyTimeout(int timeoutSeconds, long busyTimeoutMilliseconds)
    {
        await using var db = new SqliteIdentityDataContext(new DbContextOptionsBuilder<SqliteIdentityDataContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "pragmas.db")};Default Timeout={timeoutSeconds}")
            .AddInterceptors(SqliteConnectionPragmas.Instance)
            .Options);
        await db.Database.OpenConnectionAsync();

        Assert.Equal(1, await Pragma(db, "SELECT * FROM pragma_synchronous")); // NORMAL
        Assert.Equal(-SqliteConnectionPragmas.PageCacheKib, await Pragma(db, "SELECT * FROM pragma_cache_size")); // negative: KiB
        Assert.Equal(busyTimeoutMilliseconds, await Pragma(db, "SELECT * FROM pragma_busy_timeout"));
    }

    private static async Task<long> Pragma(DbContext db, string query) =>
        (await db.Database.SqlQueryRaw<long>(query).ToListAsync()).Single();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
