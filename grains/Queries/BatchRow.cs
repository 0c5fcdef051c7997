using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>A row of <c>batches</c> as Dapper reads it (status and timestamps still text).</summary>
internal sealed class BatchRow
{
    public const string Columns = """
        id, scenario_id AS ScenarioId, scenario_sha256 AS ScenarioSha256, seed, trials, chunk_size AS ChunkSize,
        unit_trials AS UnitTrials, status, trials_done AS TrialsDone, created_at AS CreatedAt,
        started_at AS StartedAt, finished_at AS FinishedAt, error, model_version AS ModelVersion,
        software_version AS SoftwareVersion, version, strategy, strategy_set AS StrategySet
        """;

    public string Id { get; set; } = "";
    public string ScenarioId { get; set; } = "";
    public string ScenarioSha256 { get; set; } = "";
    public long Seed { get; set; }
    public long Trials { get; set; }
    public int ChunkSize { get; set; }
    public int UnitTrials { get; set; }
    public string Status { get; set; } = "";
    public long TrialsDone { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? StartedAt { get; set; }
    public string? FinishedAt { get; set; }
    public string? Error { get; set; }
    public string ModelVersion { get; set; } = "";
    public string SoftwareVersion { get; set; } = "";
    public long Version { get; set; }
    public string? Strategy { get; set; }
    public bool StrategySet { get; set; }

    public BatchRecord ToRecord() => new(
        Id, ScenarioId, ScenarioSha256, Seed, Trials, ChunkSize, UnitTrials, Enum.Parse<BatchStatus>(Status),
        TrialsDone, IsoTime.Parse(CreatedAt), IsoTime.ParseNullable(StartedAt), IsoTime.ParseNullable(FinishedAt),
        Error, ModelVersion, SoftwareVersion, Version) { Strategy = Strategy, StrategySet = StrategySet };

    /// <summary>The record as Dapper parameters named like the columns' aliases.</summary>
    public static object Parameters(BatchRecord b) => new
    {
        b.Id, b.ScenarioId, b.ScenarioSha256, b.Seed, b.Trials, b.ChunkSize, b.UnitTrials, UnitCount = b.UnitCount,
        Status = b.Status.ToString(), b.TrialsDone, CreatedAt = IsoTime.Format(b.CreatedAt),
        StartedAt = IsoTime.Format(b.StartedAt), FinishedAt = IsoTime.Format(b.FinishedAt), b.Error, b.ModelVersion,
        b.SoftwareVersion, b.Version, b.Strategy, StrategySet = b.StrategySet ? 1 : 0, // a 0/1 INTEGER in both engines
    };
}
