using Identity.Core.Accounts;

namespace Identity.Core.Tests;

public sealed class LockoutPolicyTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(1000, 60)]
    public void DurationOf_DoublesEachTime_UpToTheCap(int lockoutNumber, int expectedMinutes)
    {
        var policy = new LockoutPolicy { FirstDuration = TimeSpan.FromMinutes(5), MaxDuration = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), policy.DurationOf(lockoutNumber));
    }

    [Fact]
    public void DurationOf_WithACapBelowTheFirstDuration_KeepsTheFirstDuration()
    {
        var policy = new LockoutPolicy { FirstDuration = TimeSpan.FromMinutes(5), MaxDuration = TimeSpan.FromMinutes(1) };

        Assert.Equal(TimeSpan.FromMinutes(5), policy.DurationOf(3));
    }
}
