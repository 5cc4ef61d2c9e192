using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Data;

/// <summary>A refresh token's row as OpenIddict writes it (no payload, no reference id: the token is self-contained).</summary>
public sealed record RefreshTokenRow(string Id, string ApplicationId, string AuthorizationId, string Subject, DateTime CreatedAt, DateTime? ExpiresAt);

/// <summary>
/// One refresh of a grant in one transaction: the old refresh token is redeemed by a conditional UPDATE (only while it
/// is still valid, belongs to the application and its authorization is valid), its successor inserted and the audit
/// entry written, all three committed together or not at all. Zero rows updated means the token was used already, was
/// revoked, or its grant was: nothing is written and the caller leaves the request to OpenIddict, which applies the
/// reuse leeway or revokes the chain (RFC 6749 10.4). Plain parameterised SQL, no change tracker, no read-back:
/// the commands are built once per provider from the model (table and column names, quoting).
/// </summary>
public static class RefreshTokenRotation
{
    private sealed record Commands(string Redeem, string Insert);

    private static readonly ConcurrentDictionary<string, Commands> CommandsByProvider = new(StringComparer.Ordinal);

    /// <returns><c>false</c> when the old token could not be redeemed (and nothing was written).</returns>
    public static Task<bool> TryRotateAsync(IdentityDataContext db, string redeemedId, RefreshTokenRow successor, AuditLogEntry audit,
        DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(successor);
        ArgumentNullException.ThrowIfNull(audit);
        var commands = CommandsByProvider.GetOrAdd(db.Database.ProviderName ?? "", _ => Build(db));
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var redeemed = await db.Database.ExecuteSqlRawAsync(commands.Redeem,
                [Statuses.Redeemed, now, Guid.NewGuid().ToString(), redeemedId, Statuses.Valid, TokenTypeIdentifiers.RefreshToken,
                    successor.ApplicationId, successor.AuthorizationId], ct);
            if (redeemed != 1)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
            object?[] row = [successor.Id, successor.ApplicationId, successor.AuthorizationId, Guid.NewGuid().ToString(), successor.CreatedAt,
                successor.ExpiresAt, Statuses.Valid, successor.Subject, TokenTypeIdentifiers.RefreshToken];
            await db.Database.ExecuteSqlRawAsync(commands.Insert, row!, ct);
            await AuditLogInsert.ExecuteAsync(db, audit, ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    private static Commands Build(IdentityDataContext db)
    {
        var quote = db.GetService<ISqlGenerationHelper>();
        var (tokens, token) = Table<OpenIddictEntityFrameworkCoreToken>(db, quote);
        var (authorizations, authorization) = Table<OpenIddictEntityFrameworkCoreAuthorization>(db, quote);

        // {0} redeemed, {1} now, {2} new concurrency token, {3} id, {4} valid, {5} type, {6} application, {7} authorization
        var redeem =
            $"UPDATE {tokens} SET {token("Status")} = {{0}}, {token("RedemptionDate")} = {{1}}, {token("ConcurrencyToken")} = {{2}} " +
            $"WHERE {token("Id")} = {{3}} AND {token("Status")} = {{4}} AND {token("Type")} = {{5}} " +
            $"AND {token("ApplicationId")} = {{6}} AND {token("AuthorizationId")} = {{7}} " +
            $"AND EXISTS (SELECT 1 FROM {authorizations} WHERE {authorization("Id")} = {{7}} AND {authorization("Status")} = {{4}})";

        string[] columns = ["Id", "ApplicationId", "AuthorizationId", "ConcurrencyToken", "CreationDate", "ExpirationDate", "Status", "Subject", "Type"];
        var insert = $"INSERT INTO {tokens} ({string.Join(", ", columns.Select(token))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"{{{i}}}"))})";
        return new Commands(redeem, insert);
    }

    // The delimited table name and a function giving the delimited column of a property, as the model maps them.
    private static (string Table, Func<string, string> Column) Table<TEntity>(IdentityDataContext db, ISqlGenerationHelper quote)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"The model has no {typeof(TEntity).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return (quote.DelimitIdentifier(table.Name, table.Schema),
            property => quote.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!));
    }
}
