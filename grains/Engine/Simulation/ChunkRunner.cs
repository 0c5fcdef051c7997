using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// Runs trials [0, trials) in this process on several threads, into any mergeable sink. Each thread owns one
/// worker and one sink (so memory does not grow with the trial count) and takes the next chunk from a shared
/// counter; the per-thread sinks are merged in thread order at the end. Which thread runs which chunk varies
/// from run to run, so with more than one thread only the order-independent statistics (counts, quantiles)
/// are bit-stable; one thread fixes the merge order and so the last bits of means.
/// </summary>
internal static class ChunkRunner
{
    /// <param name="newSink">a fresh, empty sink for a thread's worker (sized for its chunks).</param>
    /// <param name="merge">adds the second sink's tallies into the first.</param>
    /// <param name="threads">0: one per core; never more than there are chunks.</param>
    public static TSink Run<TSink>(CompiledModel model, ulong seed, long trials, int chunkSize, int threads,
        Func<ChunkWorker, TSink> newSink, Action<TSink, TSink> merge, IProgress<BatchProgress>? progress,
        CancellationToken cancellationToken) where TSink : IChunkSink
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), "trials must be at least 1");
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), "chunk size must be at least 1");
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        long chunks = (trials + chunkSize - 1) / chunkSize;
        threads = (int)Math.Min(threads, chunks);
        long nextChunk = -1, done = 0;
        var clock = Stopwatch.StartNew();
        var sinks = new TSink[threads];

        void Work(int t)
        {
            var worker = new ChunkWorker(model, seed, chunkSize);
            var sink = newSink(worker);
            long chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
            {
                long first = chunk * chunkSize, count = Math.Min(chunkSize, trials - first);
                worker.Run(first, count, sink, cancellationToken);
                long total = Interlocked.Add(ref done, count);
                progress?.Report(new BatchProgress(total, trials, clock.Elapsed));
            }
            sinks[t] = sink;
        }

        // Not started with the token: every thread must end (by its next chunk's check) before we return,
        // so that a cancelled run leaves no thread simulating behind the caller's back.
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() => Work(t),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try { Task.WaitAll(tasks); }
        catch (AggregateException e) { ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]); }

        var merged = sinks[0];
        for (int t = 1; t < threads; t++) merge(merged, sinks[t]);
        return merged;
    }
}
