using Identity.Core.Audit;
using Identity.Server.Operations;

namespace Identity.Server.Audit;

public static class AuditRegistration
{
    /// <summary>Adds the database audit log and the admin actor of each scope.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        // The caller's IP address and User-Agent come from the current request, when there is one.
        services.AddHttpContextAccessor();
        services.AddScoped<AuditActor>();
        // Sign-in and sign-up metrics are counted from the same events (Operations/MeteredAuditLog.cs).
        services.AddScoped<DatabaseAuditLog>();
        services.AddScoped<IAuditLog>(provider => new MeteredAuditLog(
            provider.GetRequiredService<DatabaseAuditLog>(), provider.GetRequiredService<IdentityMetrics>()));
        return services;
    }
}
