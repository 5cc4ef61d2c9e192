using System.Data.Common;
using System.Net;
using Identity.Data;
using Identity.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.Tests;

/// <summary>
/// During an outage only the first operation waits out the retries: while the server remembers the outage, the next
/// operations fail at once (still a failure the server answers with 503), and after the window they retry again.
/// Against a PostgreSQL address where nothing listens, so every connection attempt is refused.
/// </summary>
public sealed class OutageAwareRetriesTests
{
    private const int MaxRetries = 2;

    private readonly FakeTimeProvider _clock = new();
    private readonly CountConnectionAttempts _attempts = new();

    [Fact]
    public async Task AfterAnOperationUsesUpItsRetries_TheNextFailsWithoutRetrying_UntilTheWindowHasPassed()
    {
        var outage = new DatabaseOutageMemory(_clock);
        await using var db = NewContext(outage);

        var first = await Assert.ThrowsAsync<RetryLimitExceededException>(() => db.Sessions.AnyAsync());
        Assert.Equal(1 + MaxRetries, _attempts.Count);
        Assert.True(DatabaseFailures.IsUnavailable(first));
        Assert.True(outage.RecentlyUnavailable);

        var during = await Assert.ThrowsAnyAsync<DbException>(() => db.Sessions.AnyAsync());
        Assert.Equal(1 + MaxRetries + 1, _attempts.Count);
        Assert.True(DatabaseFailures.IsUnavailable(during));

        _clock.Advance(DatabaseOutageMemory.Window);
        Assert.False(outage.RecentlyUnavailable);
        await Assert.ThrowsAsync<RetryLimitExceededException>(() => db.Sessions.AnyAsync());
        Assert.Equal(1 + MaxRetries + 1 + 1 + MaxRetries, _attempts.Count);
    }

    [Fact]
    public async Task ATransientFailure_IsRetried_WhenNoOutageIsRemembered()
    {
        await using var db = NewContext(new DatabaseOutageMemory(_clock));

        await Assert.ThrowsAsync<RetryLimitExceededException>(() => db.Sessions.AnyAsync());

        Assert.Equal(1 + MaxRetries, _attempts.Count);
    }

    private PostgreSqlIdentityDataContext NewContext(DatabaseOutageMemory outage) =>
        new(new DbContextOptionsBuilder<PostgreSqlIdentityDataContext>()
            .UseNpgsql($"Host=127.0.0.1;Port={FreePort.Find()};Database=identity;Username=identity;Timeout=5",
                npgsql => npgsql.ExecutionStrategy(dependencies =>
                    new OutageAwareRetries.PostgreSql(dependencies, outage, MaxRetries, TimeSpan.FromMilliseconds(10))))
            .AddInterceptors(_attempts)
            .UseOpenIddict()
            .Options);

    private sealed class CountConnectionAttempts : DbConnectionInterceptor
    {
        private int _count;

        public int Count => _count;

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }
}
