using Identity.Admin.Dashboard;
using Identity.Admin.Definitions;
using Identity.Admin.Seeding;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.Admin;

/// <summary>
/// The admin services every door uses (the Management API, the seed file, the CLI): applications, connectors, the
/// sign-in experience, users, API resources, roles and who holds them, the hosted pages' custom phrases, the audit log reader, the dashboard's numbers, and the first start's Management API application. The host
/// supplies the data, OpenIddict's managers, the connector plugins and the audit log.
/// </summary>
public static class AdminRegistration
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ConnectorEndpointPolicy.Section).Get<ConnectorEndpointPolicy>() ?? ConnectorEndpointPolicy.Default);
        services.AddScoped<SeedRunner>();
        services.AddScoped<ApplicationAdmin>();
        services.AddScoped<ConnectorAdmin>();
        services.AddScoped<SignInExperienceAdmin>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<UserGrantRevoker>();
        services.AddScoped<ManagementBootstrap>();
        services.AddScoped<AuditLogReader>();
        services.AddScoped<ResourceAdmin>();
        services.AddScoped<RoleAdmin>();
        services.AddScoped<RoleHolders>();
        services.AddScoped<Access.ConsoleAdmins>();
        services.AddScoped<Access.FirstAdminSetup>();
        services.AddScoped<DashboardStats>();
        services.AddScoped<CustomPhraseAdmin>();
        // The server's snapshot takes its place (registered after, or replacing it).
        services.TryAddSingleton<Identity.Core.Phrases.ICustomPhrases, UnreadCustomPhrases>();
        return services;
    }
}
