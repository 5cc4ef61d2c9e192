using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Data;

/// <summary>Work that must land whole or not at all, run in one transaction through the provider's execution strategy.</summary>
public static class UnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; a transient failure runs it again from the start
    /// (PostgreSQL and SQL Server retry). When an attempt fails its transaction is rolled back and the change tracker
    /// cleared: what it added or changed was never written, and a retry that still tracked it would add it twice
    /// ("another instance with the same key value is already being tracked") or save stale state. Entities read before
    /// the call are detached by a failure too, so a retry reads again what it needs.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this IIdentityData data, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(work);
        return data.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            try
            {
                await using var transaction = await data.Database.BeginTransactionAsync(cancellationToken);
                var result = await work(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch
            {
                data.ChangeTracker.Clear();
                throw;
            }
        });
    }
}
