using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>
/// A row of <c>batches</c>: what was asked, where it stands, and who produced it. It is the batch grain's
/// whole state: only that grain writes it, and each write raises <see cref="Version"/> (optimistic
/// concurrency against a second activation or another process on the same file).
/// </summary>
public sealed record BatchRecord(
    string Id,
    string ScenarioId,
    string ScenarioSha256,
    long Seed,
    long Trials,
    int ChunkSize,
    int UnitTrials,
    BatchStatus Status,
    long TrialsDone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string ModelVersion,
    string SoftwareVersion,
    long Version = 0)
{
    public int UnitCount => (int)((Trials + UnitTrials - 1) / UnitTrials);

    public bool IsFinished => Status.IsFinished();

    /// <summary>Model v2: the one member of the file's strategy set this batch runs (null: the file itself).</summary>
    public string? Strategy { get; init; }

    /// <summary>Model v2: the batch runs every member of the file's strategy set.</summary>
    public bool StrategySet { get; init; }

    /// <summary>Where the batch stands in the queue and in each silo's slot queue (docs/scheduling.md).</summary>
    public BatchPriority Priority { get; init; } = BatchPriority.Normal;

    /// <summary>The stop-when-converged rule, or null: every trial runs (docs/convergence.md).</summary>
    public Until? Until { get; init; }

    /// <summary>When the batch was paused; null unless <see cref="Status"/> is Paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>Completed with its statistics converged: <see cref="TrialsDone"/> are the trials run, a prefix of <see cref="Trials"/>.</summary>
    public bool Converged { get; init; }

    /// <summary>What the batch runs, as the grains and workers see it.</summary>
    public BatchRequest Request => new(ScenarioSha256, Seed, Trials, ChunkSize, UnitTrials, Strategy, StrategySet, Priority, Until);
}
