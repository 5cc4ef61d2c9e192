using System.Text.Json;
using Identity.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Server.Operations;

/// <summary>
/// <c>/health/live</c>: the process is up and answering (no dependency is checked, so a database outage never makes
/// an orchestrator restart a healthy process). <c>/health/ready</c>: the database is reachable and has no pending
/// migrations, else 503. Both answer JSON with a status per check, and never a connection string or exception text.
/// They run before the https requirement, the failure limit and authentication: probes come over plain http, unsigned.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddIdentityHealthChecks(this IServiceCollection services)
    {
        // A check that takes longer than this reports Unhealthy: a probe gets an answer, not a hang.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IApplicationBuilder UseIdentityHealthEndpoints(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsJsonAsync(body, Json);
    }
}

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
public sealed partial class DatabaseHealthCheck(IdentityDataContext db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("The database is reachable and up to date.")
                : HealthCheckResult.Unhealthy($"The database has {pending} pending migration(s).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The details go to the log only: exception text can name servers, users or files.
            LogFailed(logger, exception);
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "The readiness check could not query the database.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
