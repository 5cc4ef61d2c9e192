using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Identity.Server.Tests;

/// <summary>A server with the Prometheus scrape endpoint on.</summary>
public sealed class PrometheusServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("OpenTelemetry:Prometheus:Enabled", "true")];
}

/// <summary>
/// Metrics: with OpenTelemetry:Prometheus:Enabled, /metrics shows our Identity meter (sign-ins by outcome and method,
/// token grants by grant type) and ASP.NET Core's request duration by route.
/// </summary>
public sealed class TelemetryTests(PrometheusServerFactory server) : IClassFixture<PrometheusServerFactory>
{
    private static void AssertSeries(string scrape, string metric, params string[] labels)
    {
        var lines = scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(line => labels.All(label => line.Contains(label, StringComparison.Ordinal))),
            $"No {metric} series with {string.Join(", ", labels)} in:\n{string.Join('\n', lines)}");
    }

    [Fact]
    public async Task SignInsAndTokenGrants_ShowUpInMetrics_WithTheirLabels()
    {
        var username = await AccountPages.CreateUserAsync(server);
        using (var browser = server.NewBrowser())
        {
            var wrong = await AccountPages.SignInAsync(browser, username, "not the password at all");
            Assert.Equal(HttpStatusCode.OK, wrong.Status);
            var signedIn = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
            Assert.Equal("/", signedIn.Url.AbsolutePath);
        }
        using var http = server.NewBackChannel();
        var grant = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "reports" },
            (TestApps.MachineId, TestApps.MachineSecret));
        Assert.True(grant.IsSuccess, grant.Raw);

        using var response = await http.GetAsync("/metrics");
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSeries(scrape, "identity_sign_ins_total", "method=\"password\"", "outcome=\"success\"");
        AssertSeries(scrape, "identity_sign_ins_total", "method=\"password\"", "outcome=\"failure\"");
        AssertSeries(scrape, "identity_sign_in_failures_total", "method=\"password\"", "reason=\"wrongPassword\"");
        AssertSeries(scrape, "identity_sign_ups_total", "method=\"password\"");
        AssertSeries(scrape, "identity_token_grants_total", "grant_type=\"client_credentials\"", "outcome=\"success\"");
        AssertSeries(scrape, "http_server_request_duration_seconds_count", "http_route=\"oidc/token\"");
        Assert.DoesNotContain(username, scrape, StringComparison.Ordinal);
    }
}

/// <summary>With nothing configured there is no scrape endpoint and no OpenTelemetry SDK (so no exporter reaching out anywhere).</summary>
public sealed class TelemetryOffTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task Metrics_IsNotFound_AndNothingExports_WhenNothingIsConfigured()
    {
        using var http = server.NewBackChannel();
        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(server.Services.GetService<MeterProvider>());
        Assert.Null(server.Services.GetService<TracerProvider>());
    }
}

/// <summary>A server exporting over OTLP to a loopback port where nothing listens (exports fail quietly).</summary>
public sealed class OtlpServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("OpenTelemetry:Otlp:Endpoint", "http://127.0.0.1:9")];
}

/// <summary>With an OTLP endpoint, traces and metrics are collected, and our sign-in steps are spans.</summary>
public sealed class OtlpTelemetryTests(OtlpServerFactory server) : IClassFixture<OtlpServerFactory>
{
    [Fact]
    public async Task Otlp_EnablesTracesAndMetrics_AndSignInsAreSpansWithTheirOutcome()
    {
        Assert.NotNull(server.Services.GetService<MeterProvider>());
        Assert.NotNull(server.Services.GetService<TracerProvider>());

        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Identity",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var username = await AccountPages.CreateUserAsync(server);
        using var browser = server.NewBrowser();
        await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);

        Assert.Contains(spans, s => s.OperationName == "identity.sign_up.password" && (string?)s.GetTagItem("identity.outcome") == "success");
        Assert.Contains(spans, s => s.OperationName == "identity.sign_in.password" && (string?)s.GetTagItem("identity.outcome") == "success");
    }
}
