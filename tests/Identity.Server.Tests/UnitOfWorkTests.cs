using Identity.Core.Data;
using Identity.Server.Audit;
using Identity.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Server.Tests;

/// <summary>
/// Issue 13: a unit of work that a transient failure runs again starts from a clean context, so the retry neither adds
/// what the failed attempt had added a second time ("another instance with the same key value is already being
/// tracked") nor saves it twice.
/// </summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"identity-unit-of-work-{Guid.NewGuid():N}.db");

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnAttemptThatSavedThenFailed_IsRetriedFromAClearContext_AndLandsOnce()
    {
        await using var db = NewContext();
        var attempts = 0;

        await db.InTransactionAsync(async cancellationToken =>
        {
            attempts++;
            db.AuditLog.Add(new AuditLogEntry { Type = "unitOfWork.test", CreatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync(cancellationToken);
            return attempts == 1 ? throw new TransientTestFailure() : attempts;
        }, CancellationToken.None);

        Assert.Equal(2, attempts);
        await using var check = NewContext();
        Assert.Equal(1, await check.AuditLog.CountAsync(entry => entry.Type == "unitOfWork.test"));
    }

    [Fact]
    public async Task AFailedUnitOfWork_WritesNothing_AndLeavesTheContextUsable()
    {
        await using var db = NewContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync<int>(async cancellationToken =>
        {
            db.AuditLog.Add(new AuditLogEntry { Type = "unitOfWork.failed", CreatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException("not transient");
        }, CancellationToken.None));

        Assert.Empty(db.ChangeTracker.Entries());
        db.AuditLog.Add(new AuditLogEntry { Type = "unitOfWork.after", CreatedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
        await using var check = NewContext();
        Assert.Equal(0, await check.AuditLog.CountAsync(entry => entry.Type == "unitOfWork.failed"));
        Assert.Equal(1, await check.AuditLog.CountAsync(entry => entry.Type == "unitOfWork.after"));
    }

    private SqliteIdentityDataContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteIdentityDataContext>()
            .UseSqlite($"Data Source={_file}", sqlite => sqlite.ExecutionStrategy(dependencies => new RetryTestFailures(dependencies)))
            .UseOpenIddict()
            .Options);

    private sealed class TransientTestFailure : Exception;

    /// <summary>What PostgreSQL's and SQL Server's strategies do for a dropped connection, for a failure the test raises.</summary>
    private sealed class RetryTestFailures(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, maxRetryCount: 2, TimeSpan.Zero)
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is TransientTestFailure;

        protected override TimeSpan? GetNextDelay(Exception lastException) => base.GetNextDelay(lastException) is null ? null : TimeSpan.Zero;
    }
}
