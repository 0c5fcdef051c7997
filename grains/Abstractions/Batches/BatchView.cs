namespace ScenarioGrid.Grains;

/// <summary>
/// A batch as a client sees it: status, progress and provenance (and, model v2, the member or strategy set it runs); its
/// priority, its stop rule and whether it stopped because its statistics converged (then TrialsDone are the trials run).
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.BatchView")]
public sealed record BatchView(
    string Id,
    string ScenarioId,
    string ScenarioSha256,
    BatchStatus Status,
    long Seed,
    long Trials,
    long TrialsDone,
    double TrialsPerSecond,
    double? EtaSeconds,
    int ChunkSize,
    int UnitTrials,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string ModelVersion,
    string SoftwareVersion,
    string? Strategy = null,
    bool StrategySet = false,
    BatchPriority Priority = BatchPriority.Normal,
    Until? Until = null,
    bool Converged = false)
{
    public bool IsFinished => Status.IsFinished();
}
