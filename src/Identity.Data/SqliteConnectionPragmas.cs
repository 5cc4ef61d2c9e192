using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Data;

/// <summary>
/// <c>PRAGMA synchronous=NORMAL</c> and a small page cache (see <see cref="PageCacheKib"/>) on every SQLite connection.
/// The database runs in WAL mode (see StartupPreparation), where NORMAL cannot corrupt it: commits skip one fsync each,
/// and a power failure or OS crash (not a crash of the server process) may lose the last few commits, e.g. a
/// just-issued refresh token or audit entry. SQLite's default, FULL, syncs the WAL on every commit, which dominates the
/// cost of a token request.
/// The setting belongs to the connection, not the file, so it must be applied to each one; pooled connections keep it,
/// so it runs once per underlying SQLite handle, not on every open.
/// It also hands the connection's timeout (<c>Default Timeout</c>, see <see cref="ConnectionTimeouts"/>) to SQLite's own busy
/// handler, which retries a lock after 1, 2, 5, 10 ... ms; without it Microsoft.Data.Sqlite retries every 150 ms. Writers
/// of this server queue in <see cref="SqliteWriteGate"/> first; this covers the rest (the CLI on the same file, single
/// statements outside a transaction).
/// </summary>
public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    /// <summary>
    /// Each pooled connection keeps its own page cache (SQLite's default: up to 2 MiB), and a busy server holds one
    /// connection per request in progress, so the default costs up to 2 MiB x the request limit. The operating system
    /// caches the file for all of them anyway. Measured in bench/ (one core, 64 requests at once): peak RSS 297 → 270 MB,
    /// CPU per token request unchanged within the noise.
    /// </summary>
    public const int PageCacheKib = 256;

    public static string Pragmas(SqliteConnection connection) =>
        $"PRAGMA cache_size=-{PageCacheKib}; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMilliseconds(connection)};";

    // Microsoft.Data.Sqlite's timeout 0 waits for ever; SQLite's busy_timeout 0 would not wait at all.
    private static int BusyTimeoutMilliseconds(SqliteConnection connection) => connection.DefaultTimeout > 0
        ? Math.Min(connection.DefaultTimeout, int.MaxValue / 1000) * 1000
        : int.MaxValue;

    public static readonly SqliteConnectionPragmas Instance = new();

    // Keyed by the native handle, which Microsoft.Data.Sqlite's pool reuses across SqliteConnection objects.
    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection, out var sqlite))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas(sqlite);
            command.ExecuteNonQuery();
            _applied.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection, out var sqlite))
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas(sqlite);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _applied.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    private bool NeedsPragmas(DbConnection connection, out SqliteConnection sqlite)
    {
        sqlite = (SqliteConnection)connection;
        return sqlite.Handle is not { } handle || !_applied.TryGetValue(handle, out _);
    }
}
