using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Api.Graph;

/// <summary>Field values: non-finite doubles are undefined (null), as in the JSON document.</summary>
internal static class Numbers
{
    public static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>
/// The statistics fields of <see cref="Series"/> and <see cref="StepSeries"/>, after each one's key fields (a derived
/// type's own properties come first in the schema). Not a GraphQL type of its own.
/// </summary>
public abstract class TrialStatisticsFields
{
    // Not a constructor parameter: each derived type keeps its own record (for its key fields), and a parameter both
    // captured there and passed here would be stored twice (CS9107).
    private protected abstract ITrialStatistics Statistics { get; }

    [Description("Trials where the metric is defined.")]
    public long Count => Statistics.Count;
    public double? Mean => Numbers.Finite(Statistics.Mean);
    [Description("Sample standard deviation (n − 1).")]
    public double? StdDev => Numbers.Finite(Statistics.StdDev);
    public double? Min => Numbers.Finite(Statistics.Min);
    public double? Max => Numbers.Finite(Statistics.Max);
    public double? P5 => Numbers.Finite(Statistics.P5);
    public double? P10 => Numbers.Finite(Statistics.P10);
    public double? P25 => Numbers.Finite(Statistics.P25);
    public double? P50 => Numbers.Finite(Statistics.P50);
    public double? P75 => Numbers.Finite(Statistics.P75);
    public double? P90 => Numbers.Finite(Statistics.P90);
    public double? P95 => Numbers.Finite(Statistics.P95);
}

[Description("Statistics of one (entity, metric, year) over the trials where the metric is defined (null when count is 0; stdDev null when count is 1).")]
public sealed class Series(SeriesStatistics s) : TrialStatisticsFields
{
    private protected override ITrialStatistics Statistics => s;

    public string Entity => s.Entity;
    public string Metric => s.Metric;
    public int Year => s.Year;
}

[Description("When a route first reaches a milestone (firstOutput, costThreshold, parity, massProduction): cumulative probabilities and nearest-rank percentiles of the year.")]
public sealed class Milestone(MilestoneResult m)
{
    public string Entity => m.Entity;
    [Name("milestone"), Description("firstOutput, costThreshold, parity or massProduction.")]
    public string Kind => m.Milestone;
    [Description("Share of all trials that reached it within the horizon.")]
    public double ProbabilityByEnd => m.ProbabilityByEnd;
    [Description("Share of all trials that reached it by each year (cumulative).")]
    public IEnumerable<YearProbability> ProbabilityByYear => m.ProbabilityByYear.Select(p => new YearProbability(p.Year, p.Probability));
    [Description("Year by nearest rank over all trials; null when not reached by that rank within the horizon.")]
    public int? P10 => m.P10;
    public int? P50 => m.P50;
    public int? P90 => m.P90;
}

public sealed record YearProbability(int Year, double Probability);

[Description("A paired comparison in one year over the trials where both sides are defined: P(a < b) and percentiles of a − b in the same trial.")]
public sealed class Comparison(ComparisonResult c)
{
    public string A => c.A;
    public string B => c.B;
    public string Metric => c.Metric;
    [Description("Model v2: the step of a step metric (stepCostUsdPerKWh, …); null otherwise.")]
    public string? Step => c.Step;
    public int Year => c.Year;
    public long Count => c.Count;
    public double? ProbabilityALessThanB => Numbers.Finite(c.ProbabilityALessThanB);
    public double? DeltaMean => Numbers.Finite(c.DeltaMean);
    public double? DeltaP10 => Numbers.Finite(c.DeltaP10);
    public double? DeltaP50 => Numbers.Finite(c.DeltaP50);
    public double? DeltaP90 => Numbers.Finite(c.DeltaP90);
}

[Description("A paired comparison of any two entities, recomputed by the engine over the first `trials` trials of the batch.")]
public sealed class PairedComparison(Services.PairedComparisonResult r)
{
    [Description("Trials recomputed: the batch's, capped by the server's Api:CompareMaxTrials.")]
    public long Trials => r.Trials;
    [Description("Whether every trial of the batch was used (then a listed comparison equals the batch's).")]
    public bool WholeBatch => r.WholeBatch;
    [Description("Model v2: the member recomputed (base or a strategy id) when the file has strategies; null otherwise.")]
    public string? Strategy => r.Strategy;
    public IEnumerable<Comparison> Comparisons => r.Rows.Select(c => new Comparison(c));
}

[Description("Provenance of a batch's numbers.")]
public sealed record Provenance(
    [property: Description("SHA-256 of the scenario file followed by its ancestors.")] string ScenarioSha256,
    long Seed, long Trials, string ModelVersion, string SoftwareVersion);

[Description("Statistics of one (entity, step, metric, year) of the cost waterfall (model v2): route steps are G-weighted means over the route's plants; stepYield is a plant's real steps only.")]
public sealed class StepSeries(StepStatistics s) : TrialStatisticsFields
{
    private protected override ITrialStatistics Statistics => s;

    public string Entity => s.Entity;
    [Description("A step of the entity's waterfall, `other` last.")]
    public string Step => s.Step;
    [Description("stepCostUsdPerKWh, stepMaterialsUsdPerKWh, stepEnergyUsdPerKWh, stepLaborUsdPerKWh, stepCapitalUsdPerKWh, stepFixedUsdPerKWh or stepYield.")]
    public string Metric => s.Metric;
    public int Year => s.Year;
}

[Description("A paired comparison across two members of a strategy set in one year: a − b of the entity's metric in the same trial (common random numbers), over the trials where both are defined.")]
public sealed class StrategyComparison(StrategyComparisonResult c)
{
    [Description("The first member (a strategy id, or base).")]
    public string A => c.A;
    public string B => c.B;
    public string Entity => c.Entity;
    public string Metric => c.Metric;
    [Description("The step of a step metric; null otherwise.")]
    public string? Step => c.Step;
    public int Year => c.Year;
    public long Count => c.Count;
    public double? ProbabilityALessThanB => Numbers.Finite(c.ProbabilityALessThanB);
    public double? DeltaMean => Numbers.Finite(c.DeltaMean);
    public double? DeltaP10 => Numbers.Finite(c.DeltaP10);
    public double? DeltaP50 => Numbers.Finite(c.DeltaP50);
    public double? DeltaP90 => Numbers.Finite(c.DeltaP90);
}
