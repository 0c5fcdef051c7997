namespace ScenarioGrid.Engine.Results;

/// <summary>The result document of model-spec section 6; JSON and GraphQL use the same names.</summary>
public sealed record BatchResult(
    string Scenario,
    long Seed,
    long Trials,
    string ModelVersion,
    IReadOnlyList<int> Years,
    IReadOnlyList<SeriesStatistics> Series,
    IReadOnlyList<MilestoneResult> Milestones,
    IReadOnlyList<ComparisonResult> Comparisons,
    Provenance Provenance)
{
    /// <summary>v2: the member this document is, when the file has strategies (written after <c>scenario</c>).</summary>
    public string? Strategy { get; init; }

    /// <summary>v2: the step series (always present in a v2 document, empty without chains); null in v1.</summary>
    public IReadOnlyList<StepStatistics>? Steps { get; init; }
}

/// <summary>
/// The statistics a series and a step series both report, over the trials where the metric is defined (null when
/// count is 0; stdDev null when count is 1), in the document's order: one writer for JSON, one set of GraphQL fields.
/// </summary>
public interface ITrialStatistics
{
    long Count { get; }
    double? Mean { get; }
    double? StdDev { get; }
    double? Min { get; }
    double? Max { get; }
    double? P5 { get; }
    double? P10 { get; }
    double? P25 { get; }
    double? P50 { get; }
    double? P75 { get; }
    double? P90 { get; }
    double? P95 { get; }
}

/// <summary>Statistics of one (entity, step, metric, year) of the waterfall (model-spec-v2 §5–6).</summary>
public sealed record StepStatistics(
    string Entity, string Step, string Metric, int Year, long Count,
    double? Mean, double? StdDev, double? Min, double? Max,
    double? P5, double? P10, double? P25, double? P50, double? P75, double? P90, double? P95) : ITrialStatistics;

/// <summary>Statistics of one (entity, metric, year) over the trials where it is defined (null when count is 0).</summary>
public sealed record SeriesStatistics(
    string Entity, string Metric, int Year, long Count,
    double? Mean, double? StdDev, double? Min, double? Max,
    double? P5, double? P10, double? P25, double? P50, double? P75, double? P90, double? P95) : ITrialStatistics;

/// <summary>
/// Share of all trials that reached a milestone by each year (cumulative), and nearest-rank percentiles of
/// the year (null: not reached by that rank within the horizon).
/// </summary>
public sealed record MilestoneResult(
    string Entity, string Milestone, double ProbabilityByEnd,
    IReadOnlyList<YearProbability> ProbabilityByYear,
    int? P10, int? P50, int? P90);

public sealed record YearProbability(int Year, double Probability);

public sealed record ComparisonResult(
    string A, string B, string Metric, int Year, long Count,
    double? ProbabilityALessThanB, double? DeltaMean, double? DeltaP10, double? DeltaP50, double? DeltaP90)
{
    /// <summary>v2: the step of a step metric (written after <c>metric</c>).</summary>
    public string? Step { get; init; }
}

public sealed record Provenance(string ScenarioSha256, long Seed, long Trials, string ModelVersion, string SoftwareVersion);
