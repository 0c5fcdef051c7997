using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Queries;

/// <summary>A stop-when-converged rule's targets against a stored scenario: the engine's form, and the check clients and grains share.</summary>
public static class ConvergenceTargets
{
    public static IReadOnlyList<EstimateTarget> ToEngine(IReadOnlyList<ConvergenceTarget> targets) =>
        [.. targets.Select(t => new EstimateTarget(
            t.Statistic == ConvergenceStatistic.P50 ? EstimateKind.P50 : EstimateKind.ProbabilityALessThanB, t.Entity, t.B, t.Metric, t.Year))];

    /// <summary>Checks every target names an entity, metric, year (and comparison) of the scenario the batch runs.</summary>
    /// <exception cref="ArgumentException">The first target that does not, with what is wrong.</exception>
    public static void Check(ScenarioModels models, BatchRequest request)
    {
        if (request.Until is { } until) UnitEstimator.For(models.Get(request.ScenarioSha256, request.Strategy), ToEngine(until.Targets));
    }
}
