using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Identity.Data;

/// <summary>
/// The server providers' own retrying strategies (transient errors as each provider classifies them), except that an
/// operation that uses up its retries tells <see cref="DatabaseOutageMemory"/>, and while it remembers an outage no
/// operation retries. Without this, each database read in a request waited out the full retry delay during an outage.
/// </summary>
public static class OutageAwareRetries
{
    public sealed class PostgreSql(ExecutionStrategyDependencies dependencies, DatabaseOutageMemory outage, int maxRetries, TimeSpan maxDelay)
        : NpgsqlRetryingExecutionStrategy(dependencies, maxRetries, maxDelay, errorCodesToAdd: null)
    {
        protected override bool ShouldRetryOn(Exception? exception) => !outage.RecentlyUnavailable && base.ShouldRetryOn(exception);

        protected override TimeSpan? GetNextDelay(Exception lastException) => Remember(outage, base.GetNextDelay(lastException));
    }

    public sealed class SqlServer(ExecutionStrategyDependencies dependencies, DatabaseOutageMemory outage, int maxRetries, TimeSpan maxDelay)
        : SqlServerRetryingExecutionStrategy(dependencies, maxRetries, maxDelay, errorNumbersToAdd: null)
    {
        protected override bool ShouldRetryOn(Exception exception) => !outage.RecentlyUnavailable && base.ShouldRetryOn(exception);

        protected override TimeSpan? GetNextDelay(Exception lastException) => Remember(outage, base.GetNextDelay(lastException));
    }

    // No next delay means the retries are used up: the operation fails with RetryLimitExceededException.
    private static TimeSpan? Remember(DatabaseOutageMemory outage, TimeSpan? nextDelay)
    {
        if (nextDelay is null)
        {
            outage.RetriesUsedUp();
        }
        return nextDelay;
    }
}
