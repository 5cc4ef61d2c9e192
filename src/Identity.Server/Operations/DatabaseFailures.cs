using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Server.Operations;

/// <summary>
/// The one place that decides whether an exception means "the database is unavailable" (stopped, unreachable, timed
/// out, its file gone or locked), which the server answers with 503 and Retry-After, rather than a bug (500).
/// </summary>
public static class DatabaseFailures
{
    // SQLite's primary result codes that mean the file cannot be used right now, not that the statement was wrong:
    // PERM, BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB.
    private static readonly HashSet<int> SqliteUnavailableCodes = [3, 5, 6, 7, 8, 10, 11, 13, 14, 15, 26];

    // SQL Server errors that are about the data sent, not the server: duplicate key, unique index, foreign key,
    // truncation. A bug that lets one escape stays a 500.
    private static readonly HashSet<int> SqlServerDataErrors = [2601, 2627, 547, 2628, 8152];

    /// <summary>
    /// True when <paramref name="exception"/>, or one it wraps, is a database failure of the kind that goes away when
    /// the database comes back: a provider's <see cref="DbException"/> (except constraint and data errors), EF's
    /// <see cref="RetryLimitExceededException"/> (the retrying strategy gave up), or a <see cref="TimeoutException"/>
    /// (not one inside a cancellation, which is how HttpClient reports a slow social provider).
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OperationCanceledException:
                    // A cancelled request, or HttpClient's timeout (TimeoutException inside): not the database.
                    return false;
                case RetryLimitExceededException or TimeoutException:
                    return true;
                case SqliteException sqlite:
                    return SqliteUnavailableCodes.Contains(sqlite.SqliteErrorCode);
                case SqlException sql:
                    return !sql.Errors.Cast<SqlError>().Any(e => SqlServerDataErrors.Contains(e.Number));
                case DbException other:
                    // Other providers (PostgreSQL): SQLSTATE class 22 is a data exception, 23 a constraint violation.
                    return other.SqlState is not { Length: 5 } state || !(state.StartsWith("22", StringComparison.Ordinal) ||
                        state.StartsWith("23", StringComparison.Ordinal));
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return aggregate.InnerExceptions.Any(IsUnavailable);
            }
        }
        return false;
    }
}
