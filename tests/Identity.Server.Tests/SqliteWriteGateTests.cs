using Identity.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Tests;

/// <summary>
/// The SQLite write gate: one write transaction at a time, the others waiting (asynchronously) instead of failing or
/// sleeping in SQLite's retries; the turn passes on at commit, rollback, or when a connection closes with its
/// transaction unfinished; a transaction that cannot get its turn within the connection's timeout fails as SQLite
/// would ("database is locked"). On its own database file, whatever the suite's provider: the gate is SQLite's.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("identity-gate-").FullName;
    private readonly SqliteWriteGate _gate = new();

    private SqliteIdentityDataContext NewContext(int timeoutSeconds = 5) => new(new DbContextOptionsBuilder<SqliteIdentityDataContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder, "gate.db")};Default Timeout={timeoutSeconds}")
        .AddInterceptors(SqliteConnectionPragmas.Instance, _gate)
        .Options);

    private async Task<SqliteIdentityDataContext> NewDatabaseAsync()
    {
        var db = NewContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS Marks (Value TEXT NOT NULL);");
        return db;
    }

    [Fact]
    public async Task ASecondWriter_WaitsWithoutHoldingAThread_UntilTheFirstCommits_ThenWrites()
    {
        await using var setup = await NewDatabaseAsync();
        await using var first = NewContext();
        await using var second = NewContext();

        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync("INSERT INTO Marks VALUES ('first')");

        // Returns at once, still waiting: without the gate SQLite would hold this thread until the lock came free.
        var secondBegins = second.Database.BeginTransactionAsync();
        Assert.False(secondBegins.IsCompleted, "The second writer did not wait, or waited on this thread.");

        await firstTransaction.CommitAsync();
        await using var secondTransaction = await secondBegins.WaitAsync(TimeSpan.FromSeconds(5));
        await second.Database.ExecuteSqlRawAsync("INSERT INTO Marks VALUES ('second')");
        await secondTransaction.CommitAsync();

        Assert.Equal(["first", "second"], await setup.Database.SqlQueryRaw<string>("SELECT Value FROM Marks ORDER BY rowid").ToListAsync());
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommit_PassesTheTurnOn_AndWritesNothing()
    {
        await using var setup = await NewDatabaseAsync();
        await using (var abandoned = NewContext())
        {
            var transaction = await abandoned.Database.BeginTransactionAsync();
            await abandoned.Database.ExecuteSqlRawAsync("INSERT INTO Marks VALUES ('abandoned')");
            await transaction.DisposeAsync();
        }

        await using var next = NewContext();
        await using var nextTransaction = await next.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await next.Database.ExecuteSqlRawAsync("INSERT INTO Marks VALUES ('next')");
        await nextTransaction.CommitAsync();

        Assert.Equal(["next"], await setup.Database.SqlQueryRaw<string>("SELECT Value FROM Marks").ToListAsync());
    }

    [Fact]
    public async Task AWriterThatCannotGetItsTurnWithinTheTimeout_FailsWithSqliteBusy()
    {
        await using var setup = await NewDatabaseAsync();
        await using var holder = NewContext();
        await using var impatient = NewContext(timeoutSeconds: 1);
        await using var held = await holder.Database.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => impatient.Database.BeginTransactionAsync());

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY: DatabaseFailures answers it with 503
        Assert.Contains("database is locked", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _gate.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
