using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>A row of <c>batches</c> as Dapper reads it (status and timestamps still text).</summary>
internal sealed class BatchRow
{
    public const string Columns = """
        id, scenario_id AS ScenarioId, scenario_sha256 AS ScenarioSha256, seed, trials, chunk_size AS ChunkSize,
        unit_trials AS UnitTrials, status, trials_done AS TrialsDone, created_at AS CreatedAt,
        started_at AS StartedAt, finished_at AS FinishedAt, error, model_version AS ModelVersion,
        software_version AS SoftwareVersion, version, strategy, strategy_set AS StrategySet, priority, paused_at AS PausedAt,
        until_rule AS UntilRule, stop_reason AS StopReason
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
    public string Priority { get; set; } = nameof(BatchPriority.Normal);
    public string? PausedAt { get; set; }
    public string? UntilRule { get; set; }
    public string? StopReason { get; set; }

    /// <summary>What <c>stop_reason</c> holds for a batch that stopped because its statistics converged.</summary>
    public const string ConvergedReason = "converged";

    // A paused batch is stored with its Queued/Running status and paused_at set (Schema V4).
    public BatchRecord ToRecord()
    {
        var status = Enum.Parse<BatchStatus>(Status);
        var pausedAt = IsoTime.ParseNullable(PausedAt);
        return new BatchRecord(
            Id, ScenarioId, ScenarioSha256, Seed, Trials, ChunkSize, UnitTrials,
            pausedAt is not null && !status.IsFinished() ? BatchStatus.Paused : status,
            TrialsDone, IsoTime.Parse(CreatedAt), IsoTime.ParseNullable(StartedAt), IsoTime.ParseNullable(FinishedAt),
            Error, ModelVersion, SoftwareVersion, Version)
        {
            Strategy = Strategy, StrategySet = StrategySet, Priority = Enum.Parse<BatchPriority>(Priority),
            PausedAt = pausedAt, Until = UntilJson.Parse(UntilRule), Converged = StopReason == ConvergedReason,
        };
    }

    /// <summary>The status column's value: a paused batch keeps Queued until it first ran, Running after.</summary>
    private static string StoredStatus(BatchRecord b) =>
        (b.Status != BatchStatus.Paused ? b.Status : b.StartedAt is null ? BatchStatus.Queued : BatchStatus.Running).ToString();

    /// <summary>The record as Dapper parameters named like the columns' aliases.</summary>
    public static object Parameters(BatchRecord b) => new
    {
        b.Id, b.ScenarioId, b.ScenarioSha256, b.Seed, b.Trials, b.ChunkSize, b.UnitTrials, UnitCount = b.UnitCount,
        Status = StoredStatus(b), b.TrialsDone, CreatedAt = IsoTime.Format(b.CreatedAt),
        StartedAt = IsoTime.Format(b.StartedAt), FinishedAt = IsoTime.Format(b.FinishedAt), b.Error, b.ModelVersion,
        b.SoftwareVersion, b.Version, b.Strategy, StrategySet = b.StrategySet ? 1 : 0, // a 0/1 INTEGER in both engines
        Priority = b.Priority.ToString(),
        PausedAt = b.Status == BatchStatus.Paused ? IsoTime.Format(b.PausedAt ?? DateTimeOffset.UtcNow) : null,
        UntilRule = UntilJson.Format(b.Until), StopReason = b.Converged ? ConvergedReason : null,
    };
}
