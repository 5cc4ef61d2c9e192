using Identity.Server.Operations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Server.Tests;

/// <summary>Which exceptions mean "the database is unavailable" (503) and which stay bugs (500).</summary>
public sealed class DatabaseFailuresTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "SQLite cannot open the file", new SqliteException("unable to open database file", 14), true },
        { "SQLite busy past the timeout", new SqliteException("database is locked", 5), true },
        { "SQLite disk I/O error, wrapped by EF", new DbUpdateException("save failed", new SqliteException("disk I/O error", 10)), true },
        { "the retrying strategy gave up", new RetryLimitExceededException("gave up", new TimeoutException()), true },
        { "a timeout", new InvalidOperationException("query failed", new TimeoutException()), true },
        { "SQLite constraint violation", new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19)), false },
        { "SQLite syntax error", new SqliteException("no such column", 1), false },
        { "HttpClient's timeout", new TaskCanceledException("upstream", new TimeoutException()), false },
        { "a plain bug", new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsUnavailable_TellsOutagesFromBugs(string what, Exception exception, bool unavailable) =>
        Assert.True(DatabaseFailures.IsUnavailable(exception) == unavailable, what);
}
