using Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Identity.Keys;

/// <summary>
/// Every <see cref="SigningKeyOptions.ReloadInterval"/> (one minute by default): adds a key when the schedule
/// (<see cref="SigningKeyOptions.RotationInterval"/>) says so, re-reads the keys another instance or the CLI added, and
/// drops keys that nothing valid can carry any more. Several instances may run this at the same moment: a rotation
/// adds at most one key (see <see cref="SigningKeyRing.RotateAsync"/>).
/// </summary>
public sealed partial class SigningKeyMaintenance(
    IServiceScopeFactory scopes, SigningKeyRing ring, TimeProvider clock, IOptionsMonitor<OpenIddictServerOptions> server,
    ILogger<SigningKeyMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = ring.Options.ReloadInterval > TimeSpan.Zero ? ring.Options.ReloadInterval : TimeSpan.FromMinutes(1);
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round (database briefly unavailable) is logged; the next one tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception);
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var dataProtection = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>();
        foreach (var added in await ring.RotateIfDueAsync(db, dataProtection, clock, cancellationToken))
        {
            LogRotated(logger, added.Id, added.Algorithm, added.CreatedAt + ring.Options.ActivationDelay);
        }
        if (await ring.ReloadAsync(db, dataProtection, cancellationToken))
        {
            LogReloaded(logger);
        }
        ring.SignalIfExpiredKeysChanged(TokenLifetimes.From(server.CurrentValue), clock.GetUtcNow());
        LogRoundDone(logger);
    }

    // Check 77 counts the rounds by this debug entry in the server's log.
    private const string RoundDoneMessage = "Signing key maintenance round done.";

    [LoggerMessage(Level = LogLevel.Debug, Message = RoundDoneMessage)]
    private static partial void LogRoundDone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled key rotation: added signing key {KeyId} ({Algorithm}), published now, signing from {ActivatesAt:u}.")]
    private static partial void LogRotated(ILogger logger, string keyId, string algorithm, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The signing keys changed in the database; reloaded them.")]
    private static partial void LogReloaded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing key maintenance failed; trying again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
