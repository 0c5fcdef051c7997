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
/// Runs a whole batch in this process on several threads (see <see cref="ChunkRunner"/>), each thread
/// accumulating everything the result document reports.
/// </summary>
public static class BatchRunner
{
    public static BatchAccumulator Run(CompiledModel model, ulong seed, long trials, int chunkSize = 1024,
        int threads = 0, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ChunkRunner.Run(model, seed, trials, chunkSize, threads, worker => worker.NewAccumulator(),
            (into, other) => into.Merge(other), progress, cancellationToken);
}
