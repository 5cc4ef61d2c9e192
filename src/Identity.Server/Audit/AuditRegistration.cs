using Identity.Core.Audit;

namespace Identity.Server.Audit;

public static class AuditRegistration
{
    /// <summary>Adds the database audit log, the admin actor of each scope and the reader behind <c>GET /api/logs</c>.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        // The caller's IP address and User-Agent come from the current request, when there is one.
        services.AddHttpContextAccessor();
        services.AddScoped<AuditActor>();
        services.AddScoped<IAuditLog, DatabaseAuditLog>();
        services.AddScoped<AuditLogReader>();
        return services;
    }
}
