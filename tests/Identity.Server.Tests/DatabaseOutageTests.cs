using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Identity.Server.Tests;

/// <summary>A server whose logs the test can read, with a robot allowed to call the Management API.</summary>
public sealed class OutageServerFactory : IdentityServerFactory
{
    public const string AdminId = "outage-admin";
    public const string AdminSecret = "outage-admin-secret-0123456789abcdef";

    public LogCapture Logs { get; } = new();

    protected override string SeedJson => TestApps.SeedJson.Replace(
        "\"applications\": [",
        $$"""
        "applications": [
            { "id": "{{AdminId}}", "name": "Admin robot", "type": "MachineToMachine", "secret": "{{AdminSecret}}", "scopes": ["management"] },
        """, StringComparison.Ordinal);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>
    /// Takes the database away. SQLite, as a failed volume would: the data folder is renamed and the idle pooled
    /// connections are closed, so every new connection fails to open (SQLite error 14). PostgreSQL: the database stops
    /// accepting connections and the open ones are ended. Disposing puts it back.
    /// </summary>
    public IDisposable DatabaseOutage()
    {
        if (TestDatabase.IsPostgres)
        {
            return Database.CutOff();
        }
        SqliteConnection.ClearAllPools();
        var away = DataPath + ".away";
        Directory.Move(DataPath, away);
        SqliteConnection.ClearAllPools();
        return new UndoOnDispose(() => Directory.Move(away, DataPath));
    }
}

/// <summary>
/// The database stops in the middle of a sign-in journey: every surface answers 503 with Retry-After within seconds,
/// each in its own format (a localized page, OAuth's temporarily_unavailable, problem details), with no stack trace;
/// the log entry carries the correlation id the page shows; and when the database is back, the next journey works
/// without restarting anything.
/// </summary>
public sealed class DatabaseOutageTests(OutageServerFactory server) : IClassFixture<OutageServerFactory>
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);

    private static async Task<T> TimedAsync<T>(Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        Assert.True(watch.Elapsed < Quick, $"The answer took {watch.Elapsed}.");
        return result;
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter?.Delta);
    }

    private static async Task AssertOAuthUnavailableAsync(HttpResponseMessage response)
    {
        AssertRetryAfter(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("temporarily_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private async Task<string> AdminTokenAsync()
    {
        using var http = server.NewBackChannel();
        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" },
            (OutageServerFactory.AdminId, OutageServerFactory.AdminSecret));
        Assert.True(tokens.IsSuccess, tokens.Raw);
        return tokens.AccessToken!;
    }

    [Fact]
    public async Task DatabaseGoneMidJourney_Answers503QuicklyEverywhere_AndServiceResumesWhenItReturns()
    {
        // Before: a user with tokens, an admin token, and a second journey waiting on the sign-in page.
        using var first = server.NewBrowser();
        var (username, tokens) = await Flows.SignUpAndRedeemAsync(server, first);
        var adminToken = await AdminTokenAsync();
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var signInPage = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce));
        Assert.Equal(HttpStatusCode.OK, signInPage.Status);
        using var backChannel = server.NewBackChannel();

        using (server.DatabaseOutage())
        {
            // The hosted page: 503, a friendly page, Retry-After, the correlation id, no exception text.
            var page = await TimedAsync(() => browser.SubmitAsync(signInPage,
                new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
            Assert.Equal("Temporarily unavailable", page.Heading);
            Assert.Equal(TimeSpan.FromSeconds(15), page.Response!.Headers.RetryAfter?.Delta);
            Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
            var correlationId = page.Document.QuerySelector("dl.details code")?.TextContent;
            Assert.False(string.IsNullOrEmpty(correlationId));

            // The log entry says what happened under the same id, in the request's scope (RequestId).
            var logged = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 9001 && e.Message.Contains(correlationId, StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.Equal(correlationId, logged.Scope["RequestId"]?.ToString());

            // In German for a German browser.
            using var german = server.NewBrowser();
            german.AcceptLanguage = "de-DE,de;q=0.9";
            var germanPage = await TimedAsync(() => german.GoAsync("/sign-in"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, germanPage.Status);
            Assert.Equal("Vorübergehend nicht verfügbar", germanPage.Heading);

            // The authorization endpoint is a browser's too: the page.
            var authorize = await TimedAsync(() => german.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create())));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, authorize.Status);
            Assert.Equal("Vorübergehend nicht verfügbar", authorize.Heading);

            // The OAuth endpoints: JSON temporarily_unavailable.
            using (var refresh = await TimedAsync(() => backChannel.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
                   {
                       ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken!, ["client_id"] = TestApps.SpaId,
                   }))))
            {
                await AssertOAuthUnavailableAsync(refresh);
            }
            using (var clientCredentials = await TimedAsync(() => backChannel.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
                   {
                       ["grant_type"] = "client_credentials", ["client_id"] = TestApps.MachineId, ["client_secret"] = TestApps.MachineSecret,
                   }))))
            {
                await AssertOAuthUnavailableAsync(clientCredentials);
            }
            using (var userInfo = await TimedAsync(() => Flows.UserInfoAsync(backChannel, tokens.AccessToken!)))
            {
                await AssertOAuthUnavailableAsync(userInfo);
            }

            // The Management API: problem details.
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/applications"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
                using var api = await TimedAsync(() => backChannel.SendAsync(request));
                AssertRetryAfter(api);
                Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
                Assert.Equal(503, JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
            }

            // Readiness says so; liveness does not (the process is fine).
            using (var ready = await TimedAsync(() => backChannel.GetAsync("/health/ready")))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
                Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            }
            using (var live = await TimedAsync(() => backChannel.GetAsync("/health/live")))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }
        }

        // Back: no restart, no cached failure. Readiness, the refresh token from before, and a whole new journey.
        using (var ready = await backChannel.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        var refreshed = await Flows.RefreshAsync(backChannel, tokens.RefreshToken!, TestApps.SpaId);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);

        using var again = server.NewBrowser();
        var againPkce = Pkce.Create();
        var form = await again.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, againPkce));
        var landing = await again.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword });
        var redeemed = await Flows.RedeemAsync(backChannel, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, againPkce.Verifier);
        Assert.True(redeemed.IsSuccess, redeemed.Raw);
    }
}
