using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Data;

/// <summary>
/// One audit entry written with a plain INSERT in a transaction of its own: no change tracker, no SaveChanges pipeline
/// (its command building and change tracking were a third of a client-credentials request's CPU), no read-back of the
/// generated id. The transaction is what orders it with the other writers on SQLite (<see cref="SqliteWriteGate"/>).
/// Only for an entry that stands alone: whatever else the context tracks is neither saved nor touched.
/// </summary>
public static class AuditLogInsert
{
    // The columns in the order of the values (see Values); names, quoting and table as the model maps them per provider.
    private static readonly string[] Columns =
    [
        nameof(AuditLogEntry.CreatedAt), nameof(AuditLogEntry.Type), nameof(AuditLogEntry.Outcome), nameof(AuditLogEntry.UserId),
        nameof(AuditLogEntry.Username), nameof(AuditLogEntry.ClientId), nameof(AuditLogEntry.Actor), nameof(AuditLogEntry.IpAddress),
        nameof(AuditLogEntry.UserAgent), nameof(AuditLogEntry.Details),
    ];

    private static readonly ConcurrentDictionary<string, string> SqlByProvider = new(StringComparer.Ordinal);

    public static Task InsertAsync(IdentityDataContext db, AuditLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ExecuteAsync(db, entry, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    /// <summary>The INSERT alone, in whatever transaction the caller has begun (see <see cref="RefreshTokenRotation"/>).</summary>
    public static Task ExecuteAsync(IdentityDataContext db, AuditLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var sql = SqlByProvider.GetOrAdd(db.Database.ProviderName ?? "", _ => Sql(db));
        return db.Database.ExecuteSqlRawAsync(sql, Values(entry)!, cancellationToken);
    }

    // The stored forms of the model's conversions: Unix milliseconds, the outcome's name.
    private static object?[] Values(AuditLogEntry entry) =>
    [
        entry.CreatedAt.ToUnixTimeMilliseconds(), entry.Type, entry.Outcome.ToString(), entry.UserId, entry.Username,
        entry.ClientId, entry.Actor, entry.IpAddress, entry.UserAgent, entry.Details,
    ];

    private static string Sql(IdentityDataContext db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditLogEntry))
            ?? throw new InvalidOperationException("The model has no audit log.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var quote = db.GetService<ISqlGenerationHelper>();
        var columns = Columns.Select(name => quote.DelimitIdentifier(entity.FindProperty(name)!.GetColumnName(table)!));
        var placeholders = Columns.Select((_, i) => $"{{{i}}}");
        return $"INSERT INTO {quote.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", placeholders)})";
    }
}
