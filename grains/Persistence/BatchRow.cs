namespace ScenarioGrid.Persistence;

/// <summary>A row of <c>batches</c> as Dapper reads it (status and timestamps still text).</summary>
internal sealed class BatchRow
{
    public const string Columns = """
        id, scenario_id AS ScenarioId, scenario_sha256 AS ScenarioSha256, seed, trials, chunk_size AS ChunkSize,
        chunk_count AS ChunkCount, status, trials_done AS TrialsDone, created_at AS CreatedAt,
        started_at AS StartedAt, finished_at AS FinishedAt, error, model_version AS ModelVersion,
        software_version AS SoftwareVersion, cancel_requested AS CancelRequested
        """;

    public string Id { get; set; } = "";
    public string ScenarioId { get; set; } = "";
    public string ScenarioSha256 { get; set; } = "";
    public long Seed { get; set; }
    public long Trials { get; set; }
    public int ChunkSize { get; set; }
    public int ChunkCount { get; set; }
    public string Status { get; set; } = "";
    public long TrialsDone { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? StartedAt { get; set; }
    public string? FinishedAt { get; set; }
    public string? Error { get; set; }
    public string ModelVersion { get; set; } = "";
    public string SoftwareVersion { get; set; } = "";
    public long CancelRequested { get; set; }

    public BatchRecord ToRecord() => new(
        Id, ScenarioId, ScenarioSha256, Seed, Trials, ChunkSize, ChunkCount, Enum.Parse<BatchStatus>(Status),
        TrialsDone, IsoTime.Parse(CreatedAt), IsoTime.ParseNullable(StartedAt), IsoTime.ParseNullable(FinishedAt),
        Error, ModelVersion, SoftwareVersion, CancelRequested != 0);
}
