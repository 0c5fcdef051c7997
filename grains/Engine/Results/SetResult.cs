namespace ScenarioGrid.Engine.Results;

/// <summary>
/// The document of a strategy-set run (model-spec-v2 §6): every member's series, steps, milestones and comparisons,
/// run with common random numbers, and the paired comparisons across members.
/// </summary>
public sealed record SetResult(
    string Scenario,
    long Seed,
    long Trials,
    string ModelVersion,
    IReadOnlyList<int> Years,
    IReadOnlyList<MemberResult> Members,
    IReadOnlyList<StrategyComparisonResult> StrategyComparisons,
    Provenance Provenance);

public sealed record MemberResult(
    string Strategy,
    IReadOnlyList<SeriesStatistics> Series,
    IReadOnlyList<StepStatistics> Steps,
    IReadOnlyList<MilestoneResult> Milestones,
    IReadOnlyList<ComparisonResult> Comparisons);

/// <summary>a − b in the same trial, a and b two members (v1's comparison rules); <see cref="Step"/> for a step metric.</summary>
public sealed record StrategyComparisonResult(
    string A, string B, string Entity, string Metric, string? Step, int Year, long Count,
    double? ProbabilityALessThanB, double? DeltaMean, double? DeltaP10, double? DeltaP50, double? DeltaP90);
