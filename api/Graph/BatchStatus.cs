using System.ComponentModel;

namespace ScenarioGrid.Api.Graph;

[Description("QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED.")]
public enum BatchStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

internal static class BatchStatusMapping
{
    public static BatchStatus From(Persistence.BatchStatus s) => Enum.Parse<BatchStatus>(s.ToString());
    public static BatchStatus From(Grains.BatchPhase p) => Enum.Parse<BatchStatus>(p.ToString());
    public static Persistence.BatchStatus ToStored(BatchStatus s) => Enum.Parse<Persistence.BatchStatus>(s.ToString());
}
