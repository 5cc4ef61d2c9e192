using System.Collections.Concurrent;

namespace Identity.Core.Accounts;

/// <summary>
/// Runs password hashing on a fixed set of threads, one per core, and makes callers wait their turn. Argon2id is
/// CPU-bound and takes 19 MiB per hash: run on whatever thread asked, a burst of sign-ins hashed dozens at once on
/// one core (no faster in total, each one slower) and the C allocator kept a 19 MiB buffer for every thread that had
/// ever hashed. On its own threads each lane reuses the same memory (the allocator hands the freed buffer back to the
/// thread that freed it), so hashing memory stays at one buffer per core, and no hash waits behind another for longer
/// than the line ahead of it takes.
/// </summary>
public sealed class HashingLanes
{
    /// <summary>The lanes all hashing in this process shares.</summary>
    public static readonly HashingLanes Shared = new(Environment.ProcessorCount);

    private readonly BlockingCollection<Work> _queue = [];

    public HashingLanes(int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        for (var lane = 0; lane < lanes; lane++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"password-hashing-{lane}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="hash"/> on a lane and returns its result (or throws its exception) here.</summary>
    public T Run<T>(Func<T> hash)
    {
        var work = new Work<T>(hash);
        _queue.Add(work);
        return work.Wait();
    }

    private void Serve()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work.Execute();
        }
    }

    private abstract class Work
    {
        public abstract void Execute();
    }

    private sealed class Work<T>(Func<T> hash) : Work
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Execute()
        {
            try
            {
                _done.SetResult(hash());
            }
            catch (Exception e)
            {
                _done.SetException(e);
            }
        }

        // The caller's thread blocks, as it would have while hashing itself (the password hasher's interface is synchronous).
        public T Wait() => _done.Task.GetAwaiter().GetResult();
    }
}
