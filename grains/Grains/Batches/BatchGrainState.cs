namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// The batch grain's durable state (through our SQLite <c>IGrainStorage</c>): what was asked and where it
/// stands. The large merged statistics live in the checkpoint table, written in the same database.
/// </summary>
[GenerateSerializer, Alias("sg.BatchGrainState")]
public sealed class BatchGrainState
{
    [Id(0)] public BatchRequest? Request { get; set; }
    [Id(1)] public string ScenarioId { get; set; } = "";
    [Id(2)] public BatchPhase Phase { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public string? Error { get; set; }
    [Id(7)] public string SoftwareVersion { get; set; } = "";
}
