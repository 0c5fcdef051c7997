using System.ComponentModel;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Api.Graph;

[Description("Stop the batch at a unit boundary once every target's 95 % confidence half-width (batch means over its work units) is within its bound; the trials actually run are then the batch's trialsDone (docs/convergence.md).")]
public sealed class UntilInput
{
    [Description("Medians of an entity's metric in a year, each with a half-width relative to the estimate (0.005 = ±0.5 %).")]
    public List<P50TargetInput>? P50 { get; set; }

    [Description("P(a < b) of comparisons the scenario lists, in a year, each with an absolute half-width (0.01 = ±1 point).")]
    public List<ProbabilityTargetInput>? ProbabilityALessThanB { get; set; }

    [Description("Work units merged before the batch may stop (default 16, at least 2).")]
    public int? MinUnits { get; set; }

    internal Until ToUntil() => new(
        [.. (P50 ?? []).Select(t => new ConvergenceTarget(ConvergenceStatistic.P50, t.Entity, null, t.Metric, t.Year, t.RelativeHalfWidth)),
         .. (ProbabilityALessThanB ?? []).Select(t =>
             new ConvergenceTarget(ConvergenceStatistic.ProbabilityALessThanB, t.A, t.B, t.Metric, t.Year, t.AbsoluteHalfWidth))],
        MinUnits ?? Until.DefaultMinUnits);
}

public sealed class P50TargetInput
{
    [Description("An entity path, e.g. route:sulfide.")]
    public string Entity { get; set; } = "";
    public string Metric { get; set; } = "";
    public int Year { get; set; }
    [Description("The bound on the 95 % half-width as a fraction of the median (> 0).")]
    public double RelativeHalfWidth { get; set; }
}

public sealed class ProbabilityTargetInput
{
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public string Metric { get; set; } = "";
    public int Year { get; set; }
    [Description("The bound on the 95 % half-width of the probability (0 < bound < 1).")]
    public double AbsoluteHalfWidth { get; set; }
}

[Description("A batch's stop-when-converged rule.")]
public sealed class StopRule(Until until)
{
    public int MinUnits => until.MinUnits;
    public IEnumerable<StopTarget> Targets => until.Targets.Select(t => new StopTarget(t));
}

[Description("A statistic of a stop rule and its bound: relative for a P50, absolute for P(a < b).")]
public sealed class StopTarget(ConvergenceTarget target)
{
    [Description("P50 (its bound relative to the median) or PROBABILITY_A_LESS_THAN_B (its bound absolute).")]
    public string Statistic => target.Statistic == ConvergenceStatistic.P50 ? "P50" : "PROBABILITY_A_LESS_THAN_B";
    [Description("The entity (P50) or the comparison's first side.")]
    public string Entity => target.Entity;
    [Description("The comparison's second side; null for a P50.")]
    public string? B => target.B;
    public string Metric => target.Metric;
    public int Year => target.Year;
    public double HalfWidth => target.HalfWidth;
}
