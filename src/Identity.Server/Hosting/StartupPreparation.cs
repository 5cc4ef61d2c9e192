using Connectors.Abstractions;
using Identity.Admin;
using Identity.Admin.Access;
using Identity.Admin.Definitions;
using Identity.Data;
using Identity.Keys;
using Identity.Admin.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace Identity.Server.Hosting;

/// <summary>
/// Runs before the server takes requests (hosted services start before Kestrel listens): migrates the database,
/// makes the Data Protection key ring ready, loads the signing keys and applies the seed file. Any failure stops the start.
/// </summary>
public sealed class StartupPreparation(IServiceProvider root, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDataContext>();
        var firstStart = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer: sign-ins keep flowing while tokens are written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // Before anything protects data: the seed's transaction must find a key, not have to create one.
        services.GetRequiredService<DataProtectionKeyRing>().EnsureReady();

        await services.GetRequiredService<SigningKeyRing>().LoadAsync(
            db, services.GetRequiredService<IDataProtectionProvider>(), services.GetRequiredService<TimeProvider>(), cancellationToken);

        // Build OpenIddict's options now, so a configuration mistake stops the start instead of failing a request.
        _ = services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        _ = services.GetRequiredService<IOptionsMonitor<OpenIddictServerAspNetCoreOptions>>().CurrentValue;

        if (SeedPath(configuration, environment) is { } seedPath)
        {
            await services.GetRequiredService<SeedRunner>().ApplyFileAsync(seedPath, cancellationToken);
        }

        // The Admin Console signs people in as a client of this server (Identity.Admin/Access/ConsoleClient).
        await ConsoleClient.EnsureRegisteredAsync(services.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>(), cancellationToken);

        if (firstStart && configuration.GetValue("Bootstrap:ManagementApplication", defaultValue: true))
        {
            await services.GetRequiredService<ManagementBootstrap>().RunAsync(Console.Out, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Reads and validates the configured seed file before the server starts, so a bad one stops the start with a
    /// message naming the file, entry and field (<see cref="SeedException"/>) instead of failing once it listens.
    /// </summary>
    public static async Task ValidateSeedFileAsync(WebApplication app)
    {
        if (SeedPath(app.Configuration, app.Environment) is { } seedPath)
        {
            await SeedRunner.ReadValidAsync(seedPath, [.. app.Services.GetServices<ISocialConnectorFactory>()],
                app.Services.GetRequiredService<ConnectorEndpointPolicy>(), CancellationToken.None);
        }
    }

    /// <summary>The configured seed file (<c>Seed:Path</c>, relative to the content root), or null.</summary>
    public static string? SeedPath(IConfiguration configuration, IHostEnvironment environment) => ConfiguredSeedFile.Path(configuration, environment);
}
