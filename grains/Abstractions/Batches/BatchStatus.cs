namespace ScenarioGrid.Grains;

/// <summary>
/// The life of a batch: Queued → Running | Cancelled | Failed; Running → Completed | Failed | Cancelled.
/// Completed, Failed and Cancelled are final. Stored in <c>batches.status</c> as the member name.
/// </summary>
[GenerateSerializer, Alias("sg.BatchStatus")]
[System.ComponentModel.Description("QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED.")]
public enum BatchStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public static class BatchStatusExtensions
{
    public static bool IsFinished(this BatchStatus status) =>
        status is BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled;

    /// <summary>Whether a batch may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanBecome(this BatchStatus from, BatchStatus to) => (from, to) switch
    {
        (BatchStatus.Queued, BatchStatus.Running or BatchStatus.Cancelled or BatchStatus.Failed) => true,
        (BatchStatus.Running, BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled) => true,
        _ => false,
    };
}
