using System.Net;
using System.Text.Json;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Identity.Server.Tests;

/// <summary>
/// /health/live (the process answers) and /health/ready (the database is reachable and migrated): JSON with a status
/// per check, no connection details, no authentication. The database-down case is in <see cref="DatabaseOutageTests"/>.
/// </summary>
public sealed class HealthTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body, string Raw, HttpResponseMessage Response)> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var raw = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(raw).RootElement, raw, response);
    }

    [Fact]
    public async Task Live_AnswersHealthy_WithoutCheckingDependencies()
    {
        using var http = server.NewBackChannel();
        var (status, body, _, response) = await GetAsync(http, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_ReportsTheDatabase_WithoutConnectionDetails()
    {
        using var http = server.NewBackChannel();
        var (status, body, raw, _) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("Data Source", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(server.DataPath, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_Is503_WhileAMigrationIsPending()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var latest = (await db.Database.GetAppliedMigrationsAsync()).Last();
        var productVersion = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {latest}");
        try
        {
            using var http = server.NewBackChannel();
            var (status, body, _, _) = await GetAsync(http, "/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            var database = body.GetProperty("checks").GetProperty("database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
            Assert.Contains("pending migration", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({latest}, {productVersion})");
        }

        using var again = server.NewBackChannel();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(again, "/health/ready")).Status);
    }

    [Fact]
    public void Shutdown_WaitsUpTo30Seconds_ForInFlightRequests()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), server.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
