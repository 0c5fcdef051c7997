namespace ScenarioGrid.Persistence;

/// <summary>The legal <see cref="BatchStatus"/> changes; <see cref="BatchStore.SetStatus"/> applies only these.</summary>
public static class BatchTransitions
{
    public static bool IsTerminal(BatchStatus status) =>
        status is BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled;

    public static bool IsLegal(BatchStatus from, BatchStatus to) => (from, to) switch
    {
        (BatchStatus.Queued, BatchStatus.Running or BatchStatus.Cancelled or BatchStatus.Failed) => true,
        (BatchStatus.Running, BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>The statuses from which <paramref name="to"/> may be reached (none for Queued).</summary>
    internal static IReadOnlyList<BatchStatus> Sources(BatchStatus to) =>
        [.. Enum.GetValues<BatchStatus>().Where(from => IsLegal(from, to))];
}
