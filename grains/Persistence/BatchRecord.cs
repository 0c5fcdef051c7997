namespace ScenarioGrid.Persistence;

/// <summary>A row of <c>batches</c>: what was asked, where it stands, and who produced it.</summary>
public sealed record BatchRecord(
    string Id,
    string ScenarioId,
    string ScenarioSha256,
    long Seed,
    long Trials,
    int ChunkSize,
    int ChunkCount,
    BatchStatus Status,
    long TrialsDone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string ModelVersion,
    string SoftwareVersion,
    bool CancelRequested);
