using System.Data.Common;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Data;

/// <summary>
/// Lets one SQLite write transaction at a time into the database and makes the others wait asynchronously, in order.
/// SQLite has a single writer anyway: Microsoft.Data.Sqlite begins transactions with <c>BEGIN IMMEDIATE</c>, and a
/// second one that finds the write lock taken gets SQLITE_BUSY, which Microsoft.Data.Sqlite answers by blocking the
/// thread for 150 ms and trying again. Under load that stalled most token requests for 150 ms or more (and, on one core,
/// parked thread-pool threads that the other requests needed). Waiting here instead costs no thread and wakes the next
/// writer the moment the previous one commits.
/// The gate belongs to one server (one database file); other processes on the same file (the CLI) are still held
/// off by SQLite's own busy timeout (see <see cref="SqliteConnectionPragmas"/>). A transaction that cannot get in
/// within the connection's timeout fails exactly as SQLite would fail it: SQLITE_BUSY, "database is locked".
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor, IDisposable
{
    private const int SqliteBusy = 5;

    private readonly SemaphoreSlim _writer = new(1, 1);

    // The lease is held by the connection that began the transaction, and given back exactly once: on commit, on
    // rollback, or at the latest when the connection closes (a transaction disposed without either, or whose commit or
    // rollback failed: SQLite rolls it back when it is disposed).
    // Keyed by EF's id of the connection, which the transaction's end events carry too.
    private readonly ConcurrentDictionary<Guid, Lease> _leases = new();

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (_leases.ContainsKey(eventData.ConnectionId))
        {
            return result; // this connection already holds the writer (an earlier transaction was disposed, not ended)
        }
        if (!_writer.Wait(Timeout(connection)))
        {
            throw Busy();
        }
        _leases[eventData.ConnectionId] = new Lease(_writer);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (_leases.ContainsKey(eventData.ConnectionId))
        {
            return result;
        }
        if (!await _writer.WaitAsync(Timeout(connection), cancellationToken))
        {
            throw Busy();
        }
        _leases[eventData.ConnectionId] = new Lease(_writer);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void Dispose() => _writer.Dispose();

    private void Release(Guid connectionId)
    {
        if (_leases.TryRemove(connectionId, out var lease))
        {
            lease.Return();
        }
    }

    // Microsoft.Data.Sqlite's timeout: 0 waits for ever.
    private static TimeSpan Timeout(DbConnection connection) =>
        ((SqliteConnection)connection).DefaultTimeout is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : System.Threading.Timeout.InfiniteTimeSpan;

    private static SqliteException Busy() => new("SQLite Error 5: 'database is locked'.", SqliteBusy);

    private sealed class Lease(SemaphoreSlim writer)
    {
        private int _returned;

        public void Return()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}
