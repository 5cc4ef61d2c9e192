using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Identity.Core.Audit;
using Identity.Admin.Definitions;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>A connector instance as admins see it: its config with the secrets masked.</summary>
public sealed record ConnectorView(
    string Id, string ConnectorId, string Target, string Name, string? Logo, bool SyncProfile, JsonObject Config,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An installed connector plugin, its configuration schema, which config fields are secrets, and its guide (Markdown).</summary>
public sealed record ConnectorFactoryView(
    string Id, string Name, string? Logo, bool AllowsMultipleInstances, string Description, JsonObject ConfigSchema,
    IReadOnlyList<string> SecretFields, string? Readme);

/// <summary>
/// A partial update. A secret field sent back as the mask keeps its stored value; the target cannot change; an empty
/// logo removes the instance's own (the plugin's shows again).
/// </summary>
public sealed record ConnectorPatch(string? Name, string? Logo, bool? SyncProfile, JsonElement? Config, string? Target);

/// <summary>Social connector instances, for the three admin doors; config validation is the plugin's, run here.</summary>
public sealed class ConnectorAdmin(
    IdentityDataContext db, ConnectorRegistry registry, ConnectorSecrets secrets, SignInExperienceStore experience, TimeProvider clock,
    IAuditLog audit, ConnectorEndpointPolicy endpointPolicy)
{
    public IReadOnlyList<ConnectorFactoryView> ListFactories() =>
        [.. registry.Factories.OrderBy(f => f.Metadata.FactoryId, StringComparer.Ordinal).Select(f => new ConnectorFactoryView(
            f.Metadata.FactoryId, f.Metadata.DefaultName, f.Metadata.Logo, f.Metadata.AllowsMultipleInstances, f.Metadata.Description, f.ConfigSchema,
            [.. f.SecretFields.Order(StringComparer.Ordinal)], f.Readme))];

    /// <summary>One installed plugin, or null when none has this id.</summary>
    public ConnectorFactoryView? FindFactory(string factoryId) => ListFactories().FirstOrDefault(f => f.Id == factoryId);

    public async Task<IReadOnlyList<ConnectorView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Connectors.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal).Select(ToView)];

    public async Task<ConnectorView> GetAsync(string id, CancellationToken cancellationToken) => ToView(await FindAsync(id, cancellationToken));

    public async Task<ConnectorView> CreateAsync(ConnectorDefinition input, CancellationToken cancellationToken)
    {
        var factory = Validate(input);
        if (await db.Connectors.AnyAsync(c => c.Id == input.Id, cancellationToken))
        {
            throw new ConflictException("id", $"A connector with the id '{input.Id}' already exists.");
        }
        await EnsureTargetFreeAsync(input.Target!, input.Id!, cancellationToken);
        if (!factory.Metadata.AllowsMultipleInstances && await db.Connectors.AnyAsync(c => c.FactoryId == factory.Metadata.FactoryId, cancellationToken))
        {
            throw new ConflictException("connectorId", $"The '{factory.Metadata.FactoryId}' connector can be added only once.");
        }

        var now = clock.GetUtcNow();
        var instance = new ConnectorInstance
        {
            Id = input.Id!, FactoryId = factory.Metadata.FactoryId, Target = input.Target!,
            Name = string.IsNullOrWhiteSpace(input.Name) ? factory.Metadata.DefaultName : input.Name, Logo = input.Logo,
            ProtectedConfig = secrets.Protect(input.Config!.Value, factory.SecretFields), SyncProfile = input.SyncProfile ?? false,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Connectors.Add(instance);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ConnectorCreated, instance, cancellationToken);
        return ToView(instance);
    }

    public async Task<ConnectorView> UpdateAsync(string id, ConnectorPatch patch, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(id, cancellationToken);
        if (patch.Target is not null && patch.Target != instance.Target)
        {
            // Social identities are keyed by target: changing it would orphan every linked account (Logto forbids it too).
            throw AdminValidationException.For("target", $"A connector's target cannot change (it is '{instance.Target}'); add a new connector instead.");
        }

        var factory = registry.FindFactory(instance.FactoryId)
            ?? throw AdminValidationException.For("connectorId", $"The connector plugin '{instance.FactoryId}' is not installed.");
        var config = patch.Config is { } replacement
            ? KeepMaskedSecrets(replacement, secrets.Unprotect(instance.ProtectedConfig, factory.SecretFields), factory.SecretFields)
            : secrets.Unprotect(instance.ProtectedConfig, factory.SecretFields);
        Validate(new ConnectorDefinition
        {
            Id = instance.Id, ConnectorId = instance.FactoryId, Target = instance.Target, Name = patch.Name ?? instance.Name,
            Logo = Logo(patch, instance), Config = config,
        });

        instance.Name = patch.Name ?? instance.Name;
        instance.Logo = Logo(patch, instance);
        instance.SyncProfile = patch.SyncProfile ?? instance.SyncProfile;
        instance.ProtectedConfig = secrets.Protect(config, factory.SecretFields);
        instance.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ConnectorUpdated, instance, cancellationToken);
        return ToView(instance);
    }

    /// <summary>Removes the connector. Users who signed up through it keep their accounts.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(id, cancellationToken);
        db.Connectors.Remove(instance);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(AuditEventTypes.ConnectorDeleted, instance, cancellationToken);
        await ForgetTargetsAsync([instance.Target], cancellationToken);
    }

    // A target no connector has any more leaves the sign-in experience too, so it never lists a button that cannot be
    // built, and a later connector with that target does not appear unasked.
    private async Task ForgetTargetsAsync(IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var orphaned = new List<string>();
        foreach (var target in targets.Distinct(StringComparer.Ordinal))
        {
            if (!await db.Connectors.AnyAsync(c => c.Target == target, cancellationToken))
            {
                orphaned.Add(target);
            }
        }

        var settings = await experience.GetAsync(cancellationToken);
        if (orphaned.Count > 0 && settings.SocialSignInConnectorTargets.Any(orphaned.Contains))
        {
            await experience.SaveAsync(settings with
            {
                SocialSignInConnectorTargets = [.. settings.SocialSignInConnectorTargets.Where(t => !orphaned.Contains(t))],
            }, cancellationToken);
        }
    }

    /// <summary>Creates the connector, or updates it when its definition differs: the seed file's verb.</summary>
    public async Task<UpsertResult> UpsertAsync(ConnectorDefinition seed, CancellationToken cancellationToken)
    {
        var factory = Validate(seed);
        var existing = await db.Connectors.FirstOrDefaultAsync(c => c.Id == seed.Id, cancellationToken);
        if (existing is null)
        {
            await CreateAsync(seed, cancellationToken);
            return UpsertResult.Created;
        }

        var name = string.IsNullOrWhiteSpace(seed.Name) ? factory.Metadata.DefaultName : seed.Name;
        var stored = JsonNode.Parse(secrets.Unprotect(existing.ProtectedConfig, factory.SecretFields).GetRawText());
        if (existing.Target == seed.Target && existing.FactoryId == factory.Metadata.FactoryId && existing.Name == name &&
            existing.Logo == seed.Logo && existing.SyncProfile == (seed.SyncProfile ?? false) &&
            JsonNode.DeepEquals(stored, JsonNode.Parse(seed.Config!.Value.GetRawText())))
        {
            return UpsertResult.Unchanged;
        }

        if (existing.FactoryId != factory.Metadata.FactoryId)
        {
            throw AdminValidationException.For("connectorId", $"The connector '{seed.Id}' uses the '{existing.FactoryId}' plugin; its plugin cannot change.");
        }
        await UpdateAsync(seed.Id!, new ConnectorPatch(name, seed.Logo, seed.SyncProfile ?? false, seed.Config, seed.Target), cancellationToken);
        return UpsertResult.Updated;
    }

    public async Task<int> PruneAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var doomed = (await db.Connectors.ToListAsync(cancellationToken)).Where(c => !keep.Contains(c.Id)).ToList();
        db.Connectors.RemoveRange(doomed);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var instance in doomed)
        {
            await RecordAsync(AuditEventTypes.ConnectorDeleted, instance, cancellationToken);
        }
        await ForgetTargetsAsync(doomed.Select(c => c.Target), cancellationToken);
        return doomed.Count;
    }

    // The connector's id and target only: its config holds client secrets.
    private Task RecordAsync(string type, ConnectorInstance instance, CancellationToken cancellationToken) =>
        audit.RecordChangeAsync(type, cancellationToken,
            details: new Dictionary<string, string?> { ["connector"] = instance.Id, ["target"] = instance.Target });

    private ISocialConnectorFactory Validate(ConnectorDefinition input)
    {
        AdminValidationException.ThrowIfAny(DefinitionValidator.ValidateConnector(input, registry.Factories, urls: endpointPolicy));
        return registry.FindFactory(input.ConnectorId!)!;
    }

    private async Task EnsureTargetFreeAsync(string target, string id, CancellationToken cancellationToken)
    {
        if (await db.Connectors.AsNoTracking().FirstOrDefaultAsync(c => c.Target == target && c.Id != id, cancellationToken) is { } owner)
        {
            throw new ConflictException("target", $"The target '{target}' already belongs to connector '{owner.Id}'; targets are unique.");
        }
    }

    private async Task<ConnectorInstance> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Connectors.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("Connector", id);

    private ConnectorView ToView(ConnectorInstance instance) => new(
        instance.Id, instance.FactoryId, instance.Target, instance.Name, instance.Logo, instance.SyncProfile,
        MaskedConnectorConfig.Of(instance.ProtectedConfig, registry.FindFactory(instance.FactoryId)?.SecretFields ?? new HashSet<string>()),
        instance.CreatedAt, instance.UpdatedAt);

    private static string? Logo(ConnectorPatch patch, ConnectorInstance instance) =>
        patch.Logo is null ? instance.Logo : patch.Logo.Length == 0 ? null : patch.Logo;

    // An admin editing a config they read back sends the mask for secrets they did not change.
    private static JsonElement KeepMaskedSecrets(JsonElement replacement, JsonElement stored, IReadOnlySet<string> secretFields)
    {
        var node = JsonNode.Parse(replacement.GetRawText()) as JsonObject
            ?? throw AdminValidationException.For("config", "must be a JSON object.");
        foreach (var field in secretFields)
        {
            if (node[field] is JsonValue value && value.TryGetValue<string>(out var text) && text == ConnectorSecrets.Mask)
            {
                node[field] = stored.TryGetProperty(field, out var original)
                    ? JsonNode.Parse(original.GetRawText())
                    : throw AdminValidationException.For($"config.{field}", "has no stored value to keep; send the secret itself.");
            }
        }
        return JsonSerializer.SerializeToElement(node);
    }
}
