namespace ScenarioGrid.Grains;

/// <summary>
/// A route, region, plant or option of a stored scenario, or of one member of its strategy set: keyed
/// <c>{scenarioSha256}/{entityId}</c> or <c>{scenarioSha256}/{entityId}/{strategy}</c> (<see cref="EntityKeys"/>).
/// </summary>
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>The entity's resolved definition: every parameter with its path and value or distribution.</summary>
    Task<EntityDefinition> GetDefinition(CancellationToken cancellationToken = default);

    /// <summary>
    /// The entity's running statistics in a batch that is still running, as of its last checkpoint (empty when none
    /// arrived yet). A finished batch's results are read from the result tables through the query library.
    /// </summary>
    Task<EntityResults> GetRunningResults(string batchId, CancellationToken cancellationToken = default);

    /// <summary>Called by a running batch at each checkpoint with the entity's running statistics.</summary>
    Task PublishRunning(string batchId, EntityResults running, CancellationToken cancellationToken = default);
}

public interface IRouteGrain : IEntityGrain;
public interface IRegionGrain : IEntityGrain;
public interface IPlantGrain : IEntityGrain;
/// <summary>Model v2: an option (entity <c>option:&lt;id&gt;</c>).</summary>
public interface IOptionGrain : IEntityGrain;

[GenerateSerializer, Immutable, Alias("sg.EntityDefinition")]
public sealed record EntityDefinition(string Kind, string Id, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<ParameterView> Parameters);

/// <summary>
/// A parameter: its canonical path, its form (fixed, uniform, …), its arguments, the YAML text and the note written
/// on its line (the source tag in the shipped scenarios). Source is appended last: members are never reordered.
/// </summary>
[GenerateSerializer, Immutable, Alias("sg.ParameterView")]
public sealed record ParameterView(string Path, string Kind, IReadOnlyList<double> Arguments, string Text, bool IsFixed, string? Source = null);

[GenerateSerializer, Immutable, Alias("sg.EntityResults")]
public sealed record EntityResults(string BatchId, bool Final, long TrialsDone, IReadOnlyList<SeriesPoint> Series,
    IReadOnlyList<MilestonePoint> Milestones, IReadOnlyList<ComparisonPoint> Comparisons);

[GenerateSerializer, Immutable, Alias("sg.SeriesPoint")]
public sealed record SeriesPoint(string Entity, string Metric, int Year, long Count, double? Mean, double? StdDev,
    double? Min, double? Max, double? P5, double? P10, double? P25, double? P50, double? P75, double? P90, double? P95);

[GenerateSerializer, Immutable, Alias("sg.MilestonePoint")]
public sealed record MilestonePoint(string Entity, string Milestone, double ProbabilityByEnd,
    IReadOnlyList<KeyValuePair<int, double>> ProbabilityByYear, int? P10, int? P50, int? P90);

[GenerateSerializer, Immutable, Alias("sg.ComparisonPoint")]
public sealed record ComparisonPoint(string A, string B, string Metric, int Year, long Count, double? ProbabilityALessThanB,
    double? DeltaMean, double? DeltaP10, double? DeltaP50, double? DeltaP90);
