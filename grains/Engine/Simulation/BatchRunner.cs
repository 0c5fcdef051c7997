using System.Diagnostics;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>Progress of a running batch: trials done so far, throughput and an ETA.</summary>
/// <param name="TrialsThisSession">trials done since this progress started being measured (default: all).</param>
public sealed record BatchProgress(long TrialsDone, long Trials, TimeSpan Elapsed, long? TrialsThisSession = null)
{
    public double TrialsPerSecond => Elapsed.TotalSeconds > 0 ? (TrialsThisSession ?? TrialsDone) / Elapsed.TotalSeconds : 0;
    public TimeSpan? Eta => TrialsPerSecond > 0 ? TimeSpan.FromSeconds((Trials - TrialsDone) / TrialsPerSecond) : null;
}

/// <summary>
/// Runs a whole batch in this process on several threads. Each thread owns one worker and one
/// accumulator (so memory does not grow with the trial count) and takes the next chunk from a shared
/// counter; the per-thread accumulators are merged in thread order at the end.
/// </summary>
public static class BatchRunner
{
    public static BatchAccumulator Run(CompiledModel model, ulong seed, long trials, int chunkSize = 1024,
        int threads = 0, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), "trials must be at least 1");
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        long chunks = (trials + chunkSize - 1) / chunkSize;
        threads = (int)Math.Min(threads, chunks);
        long nextChunk = -1, done = 0;
        var clock = Stopwatch.StartNew();
        var results = new BatchAccumulator[threads];

        void Work(int t)
        {
            var worker = new ChunkWorker(model, seed, chunkSize);
            var acc = worker.NewAccumulator();
            long chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk)) < chunks)
            {
                long first = chunk * chunkSize, count = Math.Min(chunkSize, trials - first);
                worker.Run(first, count, acc, cancellationToken);
                long total = Interlocked.Add(ref done, count);
                progress?.Report(new BatchProgress(total, trials, clock.Elapsed));
            }
            results[t] = acc;
        }

        var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() => Work(t),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try { Task.WaitAll(tasks); }
        catch (AggregateException e)
        {
            var first = e.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        var merged = results[0];
        for (int t = 1; t < threads; t++) merged.Merge(results[t]);
        return merged;
    }
}
