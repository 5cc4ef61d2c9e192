using Identity.Server.Oidc;

namespace Identity.Server.Phrases;

/// <summary>
/// Once a second, compares the custom phrases' stamp with the snapshot's and reads the phrases again when another
/// instance changed them (<see cref="CustomPhraseSnapshot"/>; the applications' refresher does the same for them). A
/// failed round (the database down) is logged and the next one tries again; the pages meanwhile keep what they have.
/// </summary>
public sealed partial class CustomPhraseSnapshotRefresher(CustomPhraseSnapshot snapshot, TimeProvider clock, ILogger<CustomPhraseSnapshotRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ApplicationSnapshotRefresher.Interval, clock);
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

    [LoggerMessage(EventId = 9213, Level = LogLevel.Warning, Message = "Could not compare the custom phrases with the database; trying again in a second.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
