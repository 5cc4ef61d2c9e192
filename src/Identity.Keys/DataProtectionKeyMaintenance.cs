namespace Identity.Keys;

/// <summary>
/// Every hour, puts the Data Protection key ring's next key in place ahead of time (see <see cref="DataProtectionKeyRing"/>),
/// outside any request, so no request ever has to create one. Several instances may add a successor at the same moment;
/// the ring then holds two equivalent keys, which is harmless.
/// </summary>
public sealed partial class DataProtectionKeyMaintenance(DataProtectionKeyRing ring, ILogger<DataProtectionKeyMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, as Data Protection's own key expiry is (the ring was made ready at start).
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                ring.EnsureReady();
            }
#pragma warning disable CA1031 // A failed round (database briefly unavailable) is logged; the next one tries again, weeks ahead of need.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection key maintenance failed; trying again in an hour.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
