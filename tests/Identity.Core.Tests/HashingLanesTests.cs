using Identity.Core.Accounts;

namespace Identity.Core.Tests;

public sealed class HashingLanesTests
{
    [Fact]
    public async Task ManyCallersAtOnce_AreHashedAtMostTwoAtATime_OnTwoLanes_AndEachGetsItsOwnResult()
    {
        var lanes = new HashingLanes(2);
        var running = 0;
        var mostAtOnce = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Factory.StartNew(() => lanes.Run(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            SpinWait.SpinUntil(() => Volatile.Read(ref running) > 2, 20); // a 20 ms hash; a third one at once would show here
            Interlocked.Decrement(ref running);
            return i * i;
        }), TaskCreationOptions.LongRunning))); // a thread per caller, so all twelve really ask at once

        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * i), results);
        Assert.Equal(2, mostAtOnce);
    }

    [Fact]
    public void AFailingHash_ThrowsItsOwnExceptionToTheCaller_AndTheLaneKeepsServing()
    {
        var lanes = new HashingLanes(1);

        var error = Assert.Throws<InvalidOperationException>(() => lanes.Run<int>(() => throw new InvalidOperationException("bad parameters")));

        Assert.Equal("bad parameters", error.Message);
        Assert.Equal(42, lanes.Run(() => 42));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
