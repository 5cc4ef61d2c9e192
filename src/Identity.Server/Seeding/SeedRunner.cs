using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Identity.Core.Seeding;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Server.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Identity.Server.Seeding;

/// <summary>What applying a seed changed.</summary>
public sealed record SeedOutcome(int Created, int Updated, int Unchanged)
{
    public static SeedOutcome operator +(SeedOutcome left, SeedOutcome right) =>
        new(left.Created + right.Created, left.Updated + right.Updated, left.Unchanged + right.Unchanged);
}

/// <summary>
/// Applies a seed file idempotently: the whole file is validated first, then applied in one transaction, so a bad
/// file changes nothing. Entries are created, or updated when their definition changed; nothing is deleted.
/// </summary>
public sealed partial class SeedRunner(
    IdentityDataContext db,
    IOpenIddictApplicationManager applications,
    IEnumerable<ISocialConnectorFactory> factories,
    ConnectorSecrets secrets,
    SignInExperienceStore signInExperience,
    TimeProvider clock,
    ILogger<SeedRunner> logger)
{
    /// <summary>Reads and validates a seed file without touching the database; throws <see cref="SeedException"/>.</summary>
    public static async Task<SeedFile> ReadValidAsync(string path, IReadOnlyCollection<ISocialConnectorFactory> factories, CancellationToken cancellationToken)
    {
        var file = await SeedFileReader.ReadAsync(path, cancellationToken);
        var errors = SeedValidator.Validate(file, factories);
        return errors.Count > 0 ? throw new SeedException(path, errors) : file;
    }

    public async Task<SeedOutcome> ApplyFileAsync(string path, CancellationToken cancellationToken)
    {
        var installed = factories.ToList();
        var file = await ReadValidAsync(path, installed, cancellationToken);

        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await ApplyApplicationsAsync(file.Applications ?? [], cancellationToken)
                + await ApplyConnectorsAsync(path, file.Connectors ?? [], installed, cancellationToken)
                + await ApplySignInExperienceAsync(file.SignInExperience, cancellationToken);
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

    private async Task<SeedOutcome> ApplyConnectorsAsync(
        string path, List<ConnectorSeed> seeds, List<ISocialConnectorFactory> installed, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        for (var index = 0; index < seeds.Count; index++)
        {
            var seed = seeds[index];
            var factory = installed.First(f => f.Metadata.FactoryId == seed.ConnectorId);
            var name = string.IsNullOrWhiteSpace(seed.Name) ? factory.Metadata.DefaultName : seed.Name;
            var existing = await db.Connectors.FirstOrDefaultAsync(c => c.Id == seed.Id, cancellationToken);
            var targetOwner = await db.Connectors.AsNoTracking().FirstOrDefaultAsync(c => c.Target == seed.Target && c.Id != seed.Id, cancellationToken);
            if (targetOwner is not null)
            {
                throw new SeedException(path, [new SeedError($"connectors[{index}] ({seed.Id}).target",
                    $"the target '{seed.Target}' already belongs to connector '{targetOwner.Id}'; targets are unique.")]);
            }

            if (existing is null)
            {
                db.Connectors.Add(new ConnectorInstance
                {
                    Id = seed.Id!, FactoryId = factory.Metadata.FactoryId, Target = seed.Target!, Name = name, Logo = seed.Logo,
                    ProtectedConfig = secrets.Protect(seed.Config!.Value, factory.SecretFields), SyncProfile = seed.SyncProfile ?? false,
                    CreatedAt = now, UpdatedAt = now,
                });
                created++;
                continue;
            }

            if (existing.Target != seed.Target)
            {
                // Social identities are keyed by target: changing it would orphan every linked account (Logto forbids it too).
                throw new SeedException(path, [new SeedError($"connectors[{index}] ({seed.Id}).target",
                    $"a connector's target cannot change (it is '{existing.Target}'); add a new connector instead.")]);
            }

            var storedConfig = JsonNode.Parse(secrets.Unprotect(existing.ProtectedConfig, factory.SecretFields).GetRawText());
            var sameConfig = JsonNode.DeepEquals(storedConfig, JsonNode.Parse(seed.Config!.Value.GetRawText()));
            if (sameConfig && existing.FactoryId == factory.Metadata.FactoryId && existing.Name == name &&
                existing.Logo == seed.Logo && existing.SyncProfile == (seed.SyncProfile ?? false))
            {
                unchanged++;
                continue;
            }

            existing.FactoryId = factory.Metadata.FactoryId;
            existing.Name = name;
            existing.Logo = seed.Logo;
            existing.SyncProfile = seed.SyncProfile ?? false;
            existing.ProtectedConfig = secrets.Protect(seed.Config!.Value, factory.SecretFields);
            existing.UpdatedAt = now;
            updated++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SeedOutcome(created, updated, unchanged);
    }

    private async Task<SeedOutcome> ApplySignInExperienceAsync(SignInExperienceSeed? seed, CancellationToken cancellationToken)
    {
        if (seed is null)
        {
            return new SeedOutcome(0, 0, 0);
        }

        // Fields the file leaves out keep Logto's defaults, so the file says only what differs.
        var defaults = SignInExperienceSettings.Default;
        var settings = new SignInExperienceSettings(
            seed.SignInMode is { } mode ? Enum.Parse<SignInMode>(mode) : defaults.SignInMode,
            seed.SignUp?.Identifiers ?? [.. defaults.SignUpIdentifiers],
            seed.SignUp?.Password ?? defaults.SignUpPassword,
            seed.SocialSignInConnectorTargets ?? [.. defaults.SocialSignInConnectorTargets],
            seed.SocialSignIn?.AutomaticAccountLinking ?? defaults.AutomaticAccountLinking);
        return await signInExperience.SaveAsync(settings, cancellationToken) ? new SeedOutcome(0, 1, 0) : new SeedOutcome(0, 0, 1);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Seed file {Path} applied: {Created} created, {Updated} updated, {Unchanged} unchanged.")]
    private static partial void LogApplied(ILogger logger, string path, int created, int updated, int unchanged);
}
