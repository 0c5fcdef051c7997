using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Queries.Exports;

/// <summary>One row of the milestones table: a year of one milestone.</summary>
internal sealed record MilestoneYearRow(MilestoneResult Milestone, YearProbability Year);

/// <summary>A row of a strategy set's table: one member's row, tagged with the member.</summary>
internal sealed record MemberRow<TRow>(string Strategy, TRow Row);

/// <summary>
/// The columns of each export table, in file order; names as in the JSON document and GraphQL, and like them
/// a non-finite double (undefined) is null.
/// </summary>
internal static class ResultTableShapes
{
    private static NullableColumn<TRow, double> Number<TRow>(string name, Func<TRow, double?> value) =>
        new(name, row => value(row) is { } x && double.IsFinite(x) ? x : null);

    public static readonly IReadOnlyList<ExportColumn<SeriesStatistics>> Series =
    [
        new TextColumn<SeriesStatistics>("entity", s => s.Entity),
        new TextColumn<SeriesStatistics>("metric", s => s.Metric),
        new ValueColumn<SeriesStatistics, int>("year", s => s.Year),
        new ValueColumn<SeriesStatistics, long>("count", s => s.Count),
        Number<SeriesStatistics>("mean", s => s.Mean),
        Number<SeriesStatistics>("stdDev", s => s.StdDev),
        Number<SeriesStatistics>("min", s => s.Min),
        Number<SeriesStatistics>("max", s => s.Max),
        Number<SeriesStatistics>("p5", s => s.P5),
        Number<SeriesStatistics>("p10", s => s.P10),
        Number<SeriesStatistics>("p25", s => s.P25),
        Number<SeriesStatistics>("p50", s => s.P50),
        Number<SeriesStatistics>("p75", s => s.P75),
        Number<SeriesStatistics>("p90", s => s.P90),
        Number<SeriesStatistics>("p95", s => s.P95),
    ];

    public static readonly IReadOnlyList<ExportColumn<MilestoneYearRow>> Milestones =
    [
        new TextColumn<MilestoneYearRow>("entity", r => r.Milestone.Entity),
        new TextColumn<MilestoneYearRow>("milestone", r => r.Milestone.Milestone),
        new ValueColumn<MilestoneYearRow, int>("year", r => r.Year.Year),
        new ValueColumn<MilestoneYearRow, double>("probability", r => r.Year.Probability),
        new ValueColumn<MilestoneYearRow, double>("probabilityByEnd", r => r.Milestone.ProbabilityByEnd),
        new NullableColumn<MilestoneYearRow, int>("p10", r => r.Milestone.P10),
        new NullableColumn<MilestoneYearRow, int>("p50", r => r.Milestone.P50),
        new NullableColumn<MilestoneYearRow, int>("p90", r => r.Milestone.P90),
    ];

    public static readonly IReadOnlyList<ExportColumn<ComparisonResult>> Comparisons =
    [
        new TextColumn<ComparisonResult>("a", c => c.A),
        new TextColumn<ComparisonResult>("b", c => c.B),
        new TextColumn<ComparisonResult>("metric", c => c.Metric),
        new ValueColumn<ComparisonResult, int>("year", c => c.Year),
        new ValueColumn<ComparisonResult, long>("count", c => c.Count),
        Number<ComparisonResult>("probabilityALessThanB", c => c.ProbabilityALessThanB),
        Number<ComparisonResult>("deltaMean", c => c.DeltaMean),
        Number<ComparisonResult>("deltaP10", c => c.DeltaP10),
        Number<ComparisonResult>("deltaP50", c => c.DeltaP50),
        Number<ComparisonResult>("deltaP90", c => c.DeltaP90),
    ];

    public static readonly IReadOnlyList<ExportColumn<StepStatistics>> Steps =
    [
        new TextColumn<StepStatistics>("entity", s => s.Entity),
        new TextColumn<StepStatistics>("step", s => s.Step),
        new TextColumn<StepStatistics>("metric", s => s.Metric),
        new ValueColumn<StepStatistics, int>("year", s => s.Year),
        new ValueColumn<StepStatistics, long>("count", s => s.Count),
        Number<StepStatistics>("mean", s => s.Mean),
        Number<StepStatistics>("stdDev", s => s.StdDev),
        Number<StepStatistics>("min", s => s.Min),
        Number<StepStatistics>("max", s => s.Max),
        Number<StepStatistics>("p5", s => s.P5),
        Number<StepStatistics>("p10", s => s.P10),
        Number<StepStatistics>("p25", s => s.P25),
        Number<StepStatistics>("p50", s => s.P50),
        Number<StepStatistics>("p75", s => s.P75),
        Number<StepStatistics>("p90", s => s.P90),
        Number<StepStatistics>("p95", s => s.P95),
    ];

    public static readonly IReadOnlyList<ExportColumn<StrategyComparisonResult>> StrategyComparisons =
    [
        new TextColumn<StrategyComparisonResult>("a", c => c.A),
        new TextColumn<StrategyComparisonResult>("b", c => c.B),
        new TextColumn<StrategyComparisonResult>("entity", c => c.Entity),
        new TextColumn<StrategyComparisonResult>("metric", c => c.Metric),
        new NullableTextColumn<StrategyComparisonResult>("step", c => c.Step),
        new ValueColumn<StrategyComparisonResult, int>("year", c => c.Year),
        new ValueColumn<StrategyComparisonResult, long>("count", c => c.Count),
        Number<StrategyComparisonResult>("probabilityALessThanB", c => c.ProbabilityALessThanB),
        Number<StrategyComparisonResult>("deltaMean", c => c.DeltaMean),
        Number<StrategyComparisonResult>("deltaP10", c => c.DeltaP10),
        Number<StrategyComparisonResult>("deltaP50", c => c.DeltaP50),
        Number<StrategyComparisonResult>("deltaP90", c => c.DeltaP90),
    ];

    /// <summary>A set's table: a leading <c>strategy</c> column, then the single run's columns of the member's row.</summary>
    public static IReadOnlyList<ExportColumn<MemberRow<TRow>>> OfMembers<TRow>(IReadOnlyList<ExportColumn<TRow>> columns) =>
        [new TextColumn<MemberRow<TRow>>("strategy", r => r.Strategy), .. columns.Select(c => new InnerColumn<MemberRow<TRow>, TRow>(c, r => r.Row))];

    /// <summary>Every member's rows, members in member order, each member's rows in their saved order.</summary>
    public static IReadOnlyList<MemberRow<TRow>> MemberRows<TRow>(SetResult set, Func<MemberResult, IEnumerable<TRow>> rows) =>
        [.. set.Members.SelectMany(m => rows(m).Select(r => new MemberRow<TRow>(m.Strategy, r)))];

    public static IReadOnlyList<MilestoneYearRow> MilestoneRows(IReadOnlyList<MilestoneResult> milestones) =>
        [.. milestones.SelectMany(m => m.ProbabilityByYear.Select(y => new MilestoneYearRow(m, y)))];
}
