namespace Identity.Core.Accounts;

/// <summary>
/// How long an account stays locked: the first lockout lasts <see cref="FirstDuration"/>, each further one in a row
/// twice as long as the one before, never longer than <see cref="MaxDuration"/> (read as <see cref="FirstDuration"/>
/// when set below it). A successful sign-in starts over.
/// </summary>
public sealed class LockoutPolicy
{
    public TimeSpan FirstDuration { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The length of the <paramref name="lockoutNumber"/>-th lockout in a row (1 for the first).</summary>
    public TimeSpan DurationOf(int lockoutNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lockoutNumber, 1);
        var cap = MaxDuration < FirstDuration ? FirstDuration : MaxDuration;

        // Doubling past the cap would only overflow; 2^(n-1) is computed while it is still below it.
        var duration = FirstDuration;
        for (var n = 1; n < lockoutNumber && duration < cap; n++)
        {
            duration += duration;
        }
        return duration < cap ? duration : cap;
    }
}
