using Connectors.Abstractions;
using Identity.Core.Data;
using Identity.Core.SignInExperience;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Social;

/// <summary>A "Continue with {Name}" button on the hosted pages.</summary>
public sealed record SocialButton(string ConnectorId, string Name, string? Logo);

/// <summary>A stored connector instance with the connector its plugin built from it.</summary>
public sealed record ResolvedConnector(ConnectorInstance Instance, ISocialConnector Connector);

/// <summary>
/// The installed connector plugins and the configured instances: which buttons the pages show, and the connector to
/// use for an instance id. Reads the database each time, so changes show at the next request on every instance.
/// </summary>
public sealed class ConnectorRegistry(IEnumerable<ISocialConnectorFactory> factories, IIdentityData data, ConnectorSecrets secrets)
{
    private readonly Dictionary<string, ISocialConnectorFactory> _factories =
        factories.ToDictionary(f => f.Metadata.FactoryId, StringComparer.Ordinal);

    public IReadOnlyCollection<ISocialConnectorFactory> Factories => _factories.Values;

    public ISocialConnectorFactory? FindFactory(string factoryId) => _factories.GetValueOrDefault(factoryId);

    /// <summary>The buttons for the sign-in experience's targets, in its order; instances of missing plugins are skipped.</summary>
    public async Task<IReadOnlyList<SocialButton>> GetButtonsAsync(SignInExperienceSettings experience, CancellationToken cancellationToken)
    {
        if (experience.SocialSignInConnectorTargets.Count == 0)
        {
            return [];
        }

        var targets = experience.SocialSignInConnectorTargets.ToList();
        var instances = await data.Connectors.AsNoTracking().Where(c => targets.Contains(c.Target)).ToListAsync(cancellationToken);
        return [.. targets
            .SelectMany(target => instances.Where(i => i.Target == target).OrderBy(i => i.Id, StringComparer.Ordinal))
            .Where(i => _factories.ContainsKey(i.FactoryId))
            .Select(i => new SocialButton(i.Id, i.Name, i.Logo ?? _factories[i.FactoryId].Metadata.Logo))];
    }

    /// <summary>The connector for an instance id, or null when there is no such instance or its plugin is not installed.</summary>
    public async Task<ResolvedConnector?> ResolveAsync(string connectorId, CancellationToken cancellationToken)
    {
        var instance = await data.Connectors.AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectorId, cancellationToken);
        if (instance is null || FindFactory(instance.FactoryId) is not { } factory)
        {
            return null;
        }

        var validation = factory.ValidateConfig(secrets.Unprotect(instance.ProtectedConfig, factory.SecretFields));
        if (!validation.IsValid)
        {
            throw new ConnectorException(ConnectorErrorCode.InvalidConfig,
                $"The stored configuration of connector '{instance.Id}' is invalid: " +
                string.Join("; ", validation.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        return new ResolvedConnector(instance, factory.Create(validation.Config!));
    }
}
