using Connectors.Abstractions;
using Identity.Core.Data;
using Identity.Admin.Definitions;
using Identity.Admin;
using Identity.Core.Audit;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin.Seeding;

/// <summary>What applying a seed changed.</summary>
public sealed record SeedOutcome(int Created, int Updated, int Unchanged, int Deleted = 0)
{
    public static SeedOutcome operator +(SeedOutcome left, SeedOutcome right) => new(
        left.Created + right.Created, left.Updated + right.Updated, left.Unchanged + right.Unchanged, left.Deleted + right.Deleted);

    public static SeedOutcome Of(UpsertResult result) => result switch
    {
        UpsertResult.Created => new(1, 0, 0),
        UpsertResult.Updated => new(0, 1, 0),
        _ => new(0, 0, 1),
    };
}

/// <summary>
/// Applies a seed file idempotently through the same admin services as the Management API and the CLI: the whole file is
/// validated first, then applied in one transaction, so a bad file changes nothing. Entries are created, or updated when
/// their definition changed; nothing the file does not mention is deleted unless <c>prune</c> is asked for.
/// </summary>
public sealed partial class SeedRunner(
    IdentityDataContext db,
    ApplicationAdmin applications,
    ConnectorAdmin connectors,
    SignInExperienceAdmin signInExperience,
    UserAdmin users,
    ResourceAdmin resources,
    RoleAdmin roles,
    RoleHolders holders,
    IEnumerable<ISocialConnectorFactory> factories,
    ConnectorEndpointPolicy connectorUrls,
    AuditActor actor,
    ILogger<SeedRunner> logger)
{
    /// <summary>Reads and validates a seed file without touching the database; throws <see cref="SeedException"/>.</summary>
    public static async Task<SeedFile> ReadValidAsync(
        string path, IReadOnlyCollection<ISocialConnectorFactory> factories, ConnectorEndpointPolicy connectorUrls, CancellationToken cancellationToken)
    {
        var file = await SeedFileReader.ReadAsync(path, cancellationToken);
        var errors = DefinitionValidator.Validate(file, factories, connectorUrls);
        return errors.Count > 0 ? throw new SeedException(path, errors) : file;
    }

    public async Task<SeedOutcome> ApplyFileAsync(string path, CancellationToken cancellationToken, bool prune = false)
    {
        // Every error at once: the file's own, and its references to what only the database knows.
        var file = await SeedFileReader.ReadAsync(path, cancellationToken);
        var errors = DefinitionValidator.Validate(file, [.. factories], connectorUrls).Concat(await SeedReferences.CheckAsync(file, db, cancellationToken)).ToList();
        if (errors.Count > 0)
        {
            throw new SeedException(path, errors);
        }
        actor.Name = AuditActor.Seed;
        var outcome = await db.InTransactionAsync(ct => ApplyAsync(path, file, prune, ct), cancellationToken);

        LogApplied(logger, path, outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Deleted);
        return outcome;
    }

    private async Task<SeedOutcome> ApplyAsync(string path, SeedFile file, bool prune, CancellationToken cancellationToken)
    {
        var outcome = new SeedOutcome(0, 0, 0);
        // Resources before the roles that grant their scopes, roles before the applications and users that hold them.
        foreach (var (seed, index) in (file.Resources ?? []).Select((s, i) => (s, i)))
        {
            outcome += SeedOutcome.Of(await Entry(path, DefinitionValidator.ResourceEntry(index, seed.Indicator), () => resources.UpsertAsync(seed, cancellationToken)));
        }

        foreach (var (seed, index) in (file.Roles ?? []).Select((s, i) => (s, i)))
        {
            outcome += SeedOutcome.Of(await Entry(path, DefinitionValidator.RoleEntry(index, seed.Name), () => roles.UpsertAsync(seed, cancellationToken)));
        }

        foreach (var (seed, index) in (file.Applications ?? []).Select((s, i) => (s, i)))
        {
            var entry = DefinitionValidator.ApplicationEntry(index, seed.Id);
            var result = await Entry(path, entry, () => applications.UpsertAsync(seed, cancellationToken));
            var rolesChanged = seed.Roles is { } held && await Entry(path, entry, () => holders.SetApplicationRolesAsync(seed.Id!, held, cancellationToken));
            outcome += SeedOutcome.Of(rolesChanged && result == UpsertResult.Unchanged ? UpsertResult.Updated : result);
        }

        // Connectors before the sign-in experience, which may list their targets.
        foreach (var (seed, index) in (file.Connectors ?? []).Select((s, i) => (s, i)))
        {
            outcome += SeedOutcome.Of(await Entry(path, $"connectors[{index}] ({seed.Id})", () => connectors.UpsertAsync(seed, cancellationToken)));
        }

        foreach (var (seed, index) in (file.Users ?? []).Select((s, i) => (s, i)))
        {
            var entry = DefinitionValidator.UserEntry(index, seed.Username);
            var result = await Entry(path, entry, () => users.UpsertAsync(seed, cancellationToken));
            var rolesChanged = seed.Roles is { } held && await Entry(path, entry, () => SetUserRolesAsync(seed.Username!, held, cancellationToken));
            outcome += SeedOutcome.Of(rolesChanged && result == UpsertResult.Unchanged ? UpsertResult.Updated : result);
        }

        if (prune)
        {
            var deleted = await applications.PruneAsync((file.Applications ?? []).Select(a => a.Id!).ToHashSet(StringComparer.Ordinal), cancellationToken)
                + await connectors.PruneAsync((file.Connectors ?? []).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal), cancellationToken)
                + await users.PruneAsync((file.Users ?? []).Select(u => u.Username!).ToHashSet(StringComparer.OrdinalIgnoreCase), cancellationToken)
                + await roles.PruneAsync((file.Roles ?? []).Select(r => r.Name!).ToHashSet(StringComparer.Ordinal), cancellationToken)
                + await resources.PruneAsync((file.Resources ?? []).Select(r => r.Indicator!).ToHashSet(StringComparer.Ordinal), cancellationToken);
            outcome += new SeedOutcome(0, 0, 0, deleted);
        }

        if (file.SignInExperience is { } experience)
        {
            var (_, changed) = await Entry(path, "signInExperience", () => signInExperience.UpdateAsync(experience, cancellationToken));
            outcome += changed ? new SeedOutcome(0, 1, 0) : new SeedOutcome(0, 0, 1);
        }
        return outcome;
    }

    private async Task<bool> SetUserRolesAsync(string username, List<string> held, CancellationToken cancellationToken)
    {
        var normalized = username.ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstAsync(cancellationToken);
        return await holders.SetUserRolesAsync(userId, held, cancellationToken);
    }

    // Turns an admin refusal into a seed error naming the file, the entry and the field.
    private static async Task<T> Entry<T>(string path, string entry, Func<Task<T>> apply)
    {
        try
        {
            return await apply();
        }
        catch (AdminValidationException exception)
        {
            throw new SeedException(path, [.. exception.Problems.Select(p => new DefinitionError($"{entry}.{p.Path}", p.Message))]);
        }
        catch (ConflictException exception)
        {
            throw new SeedException(path, [new DefinitionError($"{entry}.{exception.Field}", exception.Message)]);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Seed file {Path} applied: {Created} created, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted.")]
    private static partial void LogApplied(ILogger logger, string path, int created, int updated, int unchanged, int deleted);
}
