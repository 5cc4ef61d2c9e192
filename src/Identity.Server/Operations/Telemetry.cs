using Microsoft.Extensions.DependencyInjection.Extensions;
using Identity.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Identity.Server.Operations;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core and HttpClient instrumentation (the social connectors' upstream
/// calls), plus our <c>Identity</c> meter and activity source. Nothing is exported, and nothing reaches the network,
/// unless configured: OTLP when <c>OpenTelemetry:Otlp:Endpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (traces, metrics and logs), a Prometheus scrape endpoint at <c>/metrics</c> when
/// <c>OpenTelemetry:Prometheus:Enabled</c> is true (the exporter is a prerelease package, hence opt-in).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The product's instruments (sign-ins, token grants), with or without an exporter listening.</summary>
    public static IServiceCollection AddIdentityMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<IdentityMetrics>();
        services.AddOpenIddict().AddServer(options => options.AddEventHandler(CountTokenGrants.Descriptor));
        return services;
    }

    /// <summary>Exports the instruments and traces when an exporter is configured (OTLP, Prometheus).</summary>
    public static IServiceCollection AddIdentityTelemetry(this IServiceCollection services, IConfiguration configuration)
    {

        var otlpEndpoint = configuration["OpenTelemetry:Otlp:Endpoint"];
        var otlpFromEnvironment = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = PrometheusEnabled(configuration);
        if (string.IsNullOrWhiteSpace(otlpEndpoint) && !otlpFromEnvironment && !prometheus)
        {
            // No exporter: no SDK either. The instruments still exist and cost next to nothing with no listener.
            return services;
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OpenTelemetry:ServiceName"] ?? "identity"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(IdentityMetrics.MeterName);
                if (prometheus)
                {
                    // No response cache: a scrape shows what happened up to now.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        if (string.IsNullOrWhiteSpace(otlpEndpoint) && !otlpFromEnvironment)
        {
            // Prometheus only: metrics, and no spans recorded for nobody.
            return services;
        }

        builder.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperationsPath(context.Request.Path))
            .AddHttpClientInstrumentation()
            .AddSource(IdentityActivities.SourceName));
        if (!string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            var protocol = string.Equals(configuration["OpenTelemetry:Otlp:Protocol"], "http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            builder.UseOtlpExporter(protocol, new Uri(otlpEndpoint));
        }
        else
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) configure it.
            builder.UseOtlpExporter();
        }
        return services;
    }

    /// <summary>The scrape endpoint, when enabled; placed before the https requirement like the health endpoints.</summary>
    public static IApplicationBuilder UseIdentityMetricsEndpoint(this IApplicationBuilder app, IConfiguration configuration) =>
        PrometheusEnabled(configuration) ? app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath) : app;

    private static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("OpenTelemetry:Prometheus:Enabled", false);

    // Probes and scrapes every few seconds would drown the interesting traces.
    private static bool IsOperationsPath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
