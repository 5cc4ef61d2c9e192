using Identity.Admin;
using Identity.Core;
using Identity.Data;
using Identity.Keys;
using Identity.Server.Audit;
using Identity.Server.Oidc;
using Identity.Server.Operations;

namespace Identity.Server.Hosting;

/// <summary>
/// The product's capabilities without the web: the database, the keys, accounts and the sign-in core, the OpenID
/// Connect server's stores and options, the social connectors and the admin. The server adds its pages, endpoints and
/// middleware on top (<see cref="ServerRegistration"/>); a CLI command runs on these alone, in a host that never listens.
/// </summary>
public static class IdentityServices
{
    /// <summary>The Data Protection application name: cookies and secrets protected by one instance read on every other.</summary>
    public const string ApplicationName = "Identity";

    public static IServiceCollection AddIdentityServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddIdentityDatabase(configuration, environment);

        // One key ring for every instance, in the database (encrypted at rest with a certificate): cookies and
        // antiforgery tokens survive restarts. See Identity.Keys/DataProtectionRegistration.
        services.AddSharedDataProtection(configuration, environment, ApplicationName);

        // Audit entries are counted as sign-in metrics as they are written (Operations/MeteredAuditLog.cs).
        services.AddIdentityMetrics();
        services.AddAuditLog();
        services.AddAccounts(configuration, ServerSecurityOptions.RequiresHttps(configuration, environment));
        services.AddSignInCore();
        services.AddOidcServer(configuration, environment);

        // Social connector plugins: one line each.
        services.AddOAuth2Connector();
        services.AddAdmin(configuration);
        return services;
    }
}
