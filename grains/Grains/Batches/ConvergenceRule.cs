using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Batches;

/// <summary>
/// A batch's stop-when-converged rule against the per-unit estimates merged so far (docs/convergence.md): every target's
/// batch-means 95 % half-width within its bound (relative to the estimate for a P50, absolute for a probability), after at
/// least <see cref="Until.MinUnits"/> units. Estimates come from units 0..k−1 in order, so where a batch stops depends only on
/// its seed and unit size, never on which unit finished first.
/// </summary>
public static class ConvergenceRule
{
    public static IReadOnlyList<EstimateTarget> ToEngine(IReadOnlyList<ConvergenceTarget> targets) => ConvergenceTargets.ToEngine(targets);

    /// <summary>Whether the estimates of units 0..k−1 (<paramref name="estimates"/>[i] is unit i's, one per target) meet <paramref name="until"/>.</summary>
    public static bool IsMet(Until until, IReadOnlyList<double[]> estimates)
    {
        if (estimates.Count < until.MinUnits) return false;
        var column = new double[estimates.Count];
        for (int t = 0; t < until.Targets.Count; t++)
        {
            for (int i = 0; i < estimates.Count; i++) column[i] = estimates[i][t];
            // Undefined in every unit so far (e.g. the cost of a route that never produces by then): there is nothing to
            // estimate, and the batch's result reports no value for it, so it does not hold the batch. Undefined in only
            // some units: the spread is unknown, and the target is not met.
            if (column.All(double.IsNaN)) continue;
            var (mean, halfWidth) = BatchMeans.Interval(column);
            var target = until.Targets[t];
            double bound = target.Statistic == ConvergenceStatistic.P50 ? target.HalfWidth * Math.Abs(mean) : target.HalfWidth;
            if (!(halfWidth <= bound)) return false; // NaN (an undefined unit statistic) never meets a bound
        }
        return true;
    }
}
