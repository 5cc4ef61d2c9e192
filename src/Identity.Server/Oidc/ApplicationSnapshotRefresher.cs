namespace Identity.Server.Oidc;

/// <summary>
/// Once a second, compares the applications' stamp with the snapshot's and reads the applications again when another
/// instance changed them (<see cref="ApplicationSnapshot"/>): one primary-key read a second per instance. A failed round
/// (the database down) is logged and the next one tries again; the snapshot meanwhile keeps serving what it has.
/// </summary>
public sealed partial class ApplicationSnapshotRefresher(ApplicationSnapshot snapshot, TimeProvider clock, ILogger<ApplicationSnapshotRefresher> logger)
    : BackgroundService
{
    /// <summary>How stale an instance's applications can be after a change made on another instance (README: Applications).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await snapshot.RefreshIfChangedAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "Could not compare the applications with the database; trying again in a second.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
