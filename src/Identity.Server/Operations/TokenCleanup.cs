using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Identity.Server.Oidc;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace Identity.Server.Operations;

/// <summary>The <c>Cleanup</c> configuration section.</summary>
public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary>Off only for tests that must control when rows disappear.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs (the first run is right after the start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Tokens and authorizations younger than this are kept even when expired or redeemed: a redeemed refresh token must
    /// stay long enough to be recognised when replayed (which revokes its chain). OpenIddict's own default.
    /// </summary>
    public TimeSpan MinimumLifespan { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>What one run removed.</summary>
public sealed record CleanupResult(long Tokens, long Authorizations, int Sessions, int SocialAttempts, int AccessTokenRevocations);

/// <summary>
/// Prunes expired, redeemed and revoked tokens and the authorizations left without tokens (OpenIddict's PruneAsync:
/// DELETE statements of at most 1,000 rows each, so sign-ins interleave with them), and the expired rows of our own
/// tables: sessions (also swept at each sign-in), social sign-in attempts (also swept at each social start) and the
/// revocation marks of access tokens that have all expired. An authorization is kept at least as long as an access
/// token issued from it can live: access tokens have no rows, so an authorization would otherwise look unused while
/// its access tokens are still valid, and its removal would end them early.
/// A small BackgroundService on the injected TimeProvider rather than OpenIddict.Quartz: one periodic job does not
/// need a scheduler, its tables or its dependency. Every instance runs it; that is safe, because each run is a set of
/// idempotent DELETEs by expiry, so concurrent runs only race to delete the same rows (one finds none left).
/// </summary>
public sealed partial class TokenCleanup(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<CleanupOptions> options, IOptionsMonitor<OpenIddictServerOptions> server,
    IdentityMetrics metrics, ILogger<TokenCleanup> logger)
    : BackgroundService
{
    private long _completedRuns;

    /// <summary>Runs of the background loop finished so far, failed ones included (for tests and diagnostics).</summary>
    public long CompletedRuns => Interlocked.Read(ref _completedRuns);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // Off the start path: hosted services start in order, and a long first prune must not delay the server.
        await Task.Yield();
        using var timer = new PeriodicTimer(settings.Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be down for a while: the next tick tries again.
                LogFailed(logger, exception);
            }
            Interlocked.Increment(ref _completedRuns);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run, from a scope of its own.</summary>
    public async Task<CleanupResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var now = clock.GetUtcNow();
        var threshold = now - options.Value.MinimumLifespan;

        var tokens = await services.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        // An authorization outlives the access tokens issued from it (they have no rows to keep it in use).
        var accessTokenLifetime = AccessTokenRevocations.LongestAccessTokenLifetime(server.CurrentValue);
        var authorizationThreshold = now - (accessTokenLifetime > options.Value.MinimumLifespan ? accessTokenLifetime : options.Value.MinimumLifespan);
        var authorizations = await services.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(authorizationThreshold, cancellationToken);
        var marks = await services.GetRequiredService<AccessTokenRevocations>().PruneAsync(cancellationToken);

        var db = services.GetRequiredService<IdentityDataContext>();
        var nowMilliseconds = now.ToUnixTimeMilliseconds();
        var sessions = await db.Sessions.Where(s => s.ExpiresAt < nowMilliseconds).ExecuteDeleteAsync(cancellationToken);
        var attempts = await db.SocialAttempts.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

        var result = new CleanupResult(tokens, authorizations, sessions, attempts, marks);
        metrics.RecordCleanup(result);
        if (tokens + authorizations + sessions + attempts + marks > 0)
        {
            LogPruned(logger, tokens, authorizations, sessions, attempts, marks);
        }
        return result;
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information,
        Message = "Cleanup removed {Tokens} tokens, {Authorizations} authorizations, {Sessions} sessions, {SocialAttempts} social sign-in attempts and {AccessTokenRevocations} access token revocation marks.")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations, int sessions, int socialAttempts, int accessTokenRevocations);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Cleanup failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
