using Identity.Core.Seeding;
using Identity.Server.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Identity.Server.Seeding;

/// <summary>What applying a seed changed.</summary>
public sealed record SeedOutcome(int Created, int Updated, int Unchanged);

/// <summary>
/// Applies a seed file idempotently: the whole file is validated first, then applied in one transaction, so a bad
/// file changes nothing. Entries are created, or updated when their definition changed; nothing is deleted.
/// </summary>
public sealed partial class SeedRunner(IdentityDataContext db, IOpenIddictApplicationManager applications, ILogger<SeedRunner> logger)
{
    /// <summary>Reads and validates a seed file without touching the database; throws <see cref="SeedException"/>.</summary>
    public static async Task<SeedFile> ReadValidAsync(string path, CancellationToken cancellationToken)
    {
        var file = await SeedFileReader.ReadAsync(path, cancellationToken);
        var errors = SeedValidator.Validate(file);
        return errors.Count > 0 ? throw new SeedException(path, errors) : file;
    }

    public async Task<SeedOutcome> ApplyFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = await ReadValidAsync(path, cancellationToken);

        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await ApplyApplicationsAsync(file.Applications ?? [], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });

        LogApplied(logger, path, outcome.Created, outcome.Updated, outcome.Unchanged);
        return outcome;
    }

    private async Task<SeedOutcome> ApplyApplicationsAsync(IEnumerable<ApplicationSeed> seeds, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0;
        foreach (var seed in seeds)
        {
            var wanted = ApplicationDescriptors.Create(seed);
            var existing = await applications.FindByClientIdAsync(seed.Id!, cancellationToken);
            if (existing is null)
            {
                await applications.CreateAsync(wanted, cancellationToken);
                created++;
                continue;
            }

            var current = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(current, existing, cancellationToken);
            var secretMatches = wanted.ClientSecret is null
                ? current.ClientSecret is null
                : await applications.ValidateClientSecretAsync(existing, wanted.ClientSecret, cancellationToken);

            if (secretMatches && ApplicationDescriptors.SameDefinition(current, wanted))
            {
                unchanged++;
                continue;
            }

            await applications.UpdateAsync(existing, wanted, cancellationToken);
            updated++;
        }

        return new SeedOutcome(created, updated, unchanged);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Seed file {Path} applied: {Created} created, {Updated} updated, {Unchanged} unchanged.")]
    private static partial void LogApplied(ILogger logger, string path, int created, int updated, int unchanged);
}
