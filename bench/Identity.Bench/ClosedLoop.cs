using System.Diagnostics;

namespace Identity.Bench;

/// <summary>
/// A closed-loop load generator: N workers, each running the operation back-to-back (the next starts when the previous
/// ended) on a client whose pool allows N keep-alive connections, as a client with a fixed number of connections does.
/// The server sets the pace: the achieved rate is its throughput at N outstanding operations, and latency counts from
/// each operation's start. Operations started during the warm-up run but are not recorded; none starts after the
/// measured duration, and those still running then are waited for.
/// </summary>
public sealed class ClosedLoop(HttpClient http, int connections, TimeSpan timeout, ServerProbe? probe)
{
    public int Connections { get; } = connections;

    public async Task<StepResult> RunAsync(Operation operation, TimeSpan warmup, TimeSpan duration)
    {
        await using var recorder = new StepRecorder(probe);
        var measureStart = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureEnd = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long started = 0;
        var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            for (var begin = Stopwatch.GetTimestamp(); begin < measureEnd; begin = Stopwatch.GetTimestamp())
            {
                var measured = begin >= measureStart;
                if (measured)
                {
                    recorder.OpenWindow();
                    Interlocked.Increment(ref started);
                }
                var error = await StepRecorder.InvokeAsync(operation, http, timeout);
                var end = Stopwatch.GetTimestamp();
                if (measured) recorder.Record(error, end - begin, end);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return await recorder.FinishAsync("closed", 0, Connections, Interlocked.Read(ref started), measureStart, duration);
    }
}
