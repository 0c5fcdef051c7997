namespace ScenarioGrid.Grains;

/// <summary>
/// The cluster's batch queue (one activation, key 0): which batches may run, within Batches:MaxRunningBatches. Batch
/// grains ask it before they start and tell it when they stop; its state is in memory and rebuilt from their calls
/// after it moves (docs/scheduling.md).
/// </summary>
public interface IBatchQueueGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Whether the batch may run now. <paramref name="continuing"/>: it was running before a restart (always yes). Otherwise
    /// yes while fewer batches run than the limit and no waiting batch comes first (priority, then submission time); a no
    /// keeps it waiting, and the queue calls its <see cref="IBatchGrain.Resume"/> when its turn comes.
    /// </summary>
    Task<bool> TryStart(string batchId, BatchPriority priority, DateTimeOffset submittedAt, bool continuing, CancellationToken cancellationToken = default);

    /// <summary>The batch still runs (sent at each checkpoint): a batch not heard of for a while no longer counts.</summary>
    Task StillRunning(string batchId, CancellationToken cancellationToken = default);

    /// <summary>The batch stopped running or waiting (finished, paused or cancelled): its place goes to the next one.</summary>
    Task Left(string batchId, CancellationToken cancellationToken = default);
}
