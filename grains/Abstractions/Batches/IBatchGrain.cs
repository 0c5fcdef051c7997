namespace ScenarioGrid.Grains;

/// <summary>
/// One Monte Carlo batch, keyed by its id. Calls return at once; the work goes on in the background in
/// work units spread over every silo, with durable checkpoints.
/// </summary>
public interface IBatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the batch and starts it. Idempotent: submitting an existing id returns its view.</summary>
    Task<BatchView> Submit(BatchRequest request, CancellationToken cancellationToken = default);

    Task<BatchView> GetStatus(CancellationToken cancellationToken = default);

    /// <summary>Stops the batch for good (status Cancelled). A finished batch is left as it is.</summary>
    Task<BatchView> Cancel(CancellationToken cancellationToken = default);

    /// <summary>
    /// Continues an unfinished batch from its last checkpoint (after a restart), or starts a queued one when the queue
    /// admits it. Idempotent; a paused batch stays paused.
    /// </summary>
    Task<BatchView> Resume(CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds a queued or running batch (status Paused) with its progress checkpointed: its units in flight are dropped and
    /// its running place goes to the next queued batch. Durable: a restart leaves it paused. Others are left as they are.
    /// </summary>
    Task<BatchView> Pause(CancellationToken cancellationToken = default);

    /// <summary>Puts a paused batch back in the queue (status Queued); it continues from its checkpoint once admitted. Others are left as they are.</summary>
    Task<BatchView> Unpause(CancellationToken cancellationToken = default);
}
