using System.Collections.Concurrent;

namespace Identity.Core.Accounts;

/// <summary>
/// Runs password hashing on a fixed set of threads, one per core, and makes callers wait their turn. Argon2id is
/// CPU-bound and takes 19 MiB per hash: run on whatever thread asked, a burst of sign-ins hashed dozens at once on
/// one core (no faster in total, each one slower), each with its own 19 MiB mapped at the same time. On the lanes,
/// hashing memory is at most one mapping per core, and no hash waits behind another for longer than the line ahead of
/// it takes. (libsodium maps and unmaps its memory for every hash, so it cannot be reused from here: the kernel's work
/// of faulting in those pages is about 40 % of a hash on 4 KiB pages; see the README's Performance section.)
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
