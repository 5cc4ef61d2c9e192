using Connectors.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers connector plugins.</summary>
public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Adds a connector plugin: one line per plugin, and the server and pages pick it up.</summary>
    public static IServiceCollection AddSocialConnector<TFactory>(this IServiceCollection services)
        where TFactory : class, ISocialConnectorFactory
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ISocialConnectorFactory, TFactory>();
        return services;
    }
}
