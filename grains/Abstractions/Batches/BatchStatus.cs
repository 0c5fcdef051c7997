namespace ScenarioGrid.Grains;

/// <summary>
/// The life of a batch: Queued → Running | Paused | Cancelled | Failed; Running → Completed | Failed | Cancelled | Paused;
/// Paused → Queued (resumed: it waits for a running place again) | Cancelled. Completed, Failed and Cancelled are final.
/// Stored in <c>batches.status</c> as the member name, except Paused: the column's check predates it, so a paused batch
/// keeps Queued or Running there and has <c>paused_at</c> set (<c>BatchRow</c>, docs/scheduling.md).
/// </summary>
[GenerateSerializer, Alias("sg.BatchStatus")]
[System.ComponentModel.Description("QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED; QUEUED or RUNNING → PAUSED → QUEUED (resumed).")]
public enum BatchStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    Paused,
}

public static class BatchStatusExtensions
{
    public static bool IsFinished(this BatchStatus status) =>
        status is BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled;

    /// <summary>Whether a batch may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanBecome(this BatchStatus from, BatchStatus to) => (from, to) switch
    {
        (BatchStatus.Queued, BatchStatus.Running or BatchStatus.Cancelled or BatchStatus.Failed or BatchStatus.Paused) => true,
        (BatchStatus.Running, BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled or BatchStatus.Paused) => true,
        (BatchStatus.Paused, BatchStatus.Queued or BatchStatus.Cancelled or BatchStatus.Failed) => true,
        _ => false,
    };
}
