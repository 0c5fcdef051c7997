using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Statistics;

/// <summary>What a stop-when-converged batch estimates per work unit: an entity's P50, or a listed comparison's P(a &lt; b).</summary>
public enum EstimateKind { P50, ProbabilityALessThanB }

/// <summary>A statistic to estimate per unit, by the names users write (entity path, metric name, calendar year).</summary>
public sealed record EstimateTarget(EstimateKind Kind, string Entity, string? B, string Metric, int Year);

/// <summary>
/// The per-unit estimates of a stop-when-converged batch, computed where the unit runs. A P50 is the unit's exact sample
/// median (the spec's rule, h = (n−1)q, linear between ranks) of the values the kernel emits, not the sketch's: the sketch
/// resolves 0.39 % of the value, coarser than the spread of unit medians, so sketch medians of units would often all
/// fall in one bucket and report a spread of zero. A probability is the unit's share of trials with a &lt; b among those
/// where both are defined, from the unit's comparison tally.
/// </summary>
public sealed class UnitEstimator
{
    private readonly (EstimateKind Kind, int Index, Metric Metric, int YearIndex)[] _targets;

    public int Count => _targets.Length;

    private UnitEstimator((EstimateKind, int, Metric, int)[] targets) => _targets = targets;

    /// <summary>Resolves <paramref name="targets"/> against the model.</summary>
    /// <exception cref="ArgumentException">An unknown entity, metric or year, a metric the entity lacks, or a comparison the scenario does not list.</exception>
    public static UnitEstimator For(CompiledModel model, IReadOnlyList<EstimateTarget> targets)
    {
        var resolved = new (EstimateKind, int, Metric, int)[targets.Count];
        for (int i = 0; i < targets.Count; i++) resolved[i] = Resolve(model, targets[i], $"until target {i + 1}");
        return new UnitEstimator(resolved);
    }

    private static (EstimateKind, int, Metric, int) Resolve(CompiledModel model, EstimateTarget t, string where)
    {
        int yearIndex = t.Year - model.StartYear;
        if (yearIndex < 0 || yearIndex >= model.YearCount)
            throw new ArgumentException($"{where}: year {t.Year} is outside the horizon {model.StartYear}–{model.StartYear + model.YearCount - 1}");
        if (!Metrics.TryParseReported(t.Metric, out var metric))
            throw new ArgumentException($"{where}: unknown metric '{t.Metric}' (one of {string.Join(", ", Metrics.AllNames)})");
        if (t.Kind == EstimateKind.P50)
        {
            if (!model.Entities.TryFind(t.Entity, out int entity))
                throw new ArgumentException($"{where}: unknown entity '{t.Entity}' (an entity path such as route:sulfide)");
            if (!model.Entities.All[entity].HasMetric(metric))
                throw new ArgumentException($"{where}: entity '{t.Entity}' has no metric '{t.Metric}'");
            return (t.Kind, entity, metric, yearIndex);
        }
        var specs = model.Scenario.Comparisons;
        for (int s = 0; s < specs.Count; s++)
            if (specs[s].A == t.Entity && specs[s].B == t.B && specs[s].Metric == t.Metric && specs[s].Step is null)
                return (t.Kind, s, metric, yearIndex);
        throw new ArgumentException($"{where}: the scenario lists no comparison {t.Entity} vs {t.B} of {t.Metric} " +
            $"(listed: {(specs.Count == 0 ? "none" : string.Join(", ", specs.Select(c => $"{c.A} vs {c.B} of {c.Metric}")))})");
    }

    /// <summary>A sink that feeds <paramref name="accumulator"/> and keeps the values of the P50 targets for <see cref="Estimates"/>.</summary>
    public Sink Wrap(BatchAccumulator accumulator) => new(this, accumulator);

    public sealed class Sink(UnitEstimator estimator, BatchAccumulator accumulator) : IChunkSink
    {
        private readonly List<double>[] _values = estimator._targets.Select(_ => new List<double>()).ToArray();

        public void BeginChunk(long firstTrial, int count) => accumulator.BeginChunk(firstTrial, count);

        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            accumulator.Accept(entity, metric, yearIndex, values);
            var targets = estimator._targets;
            for (int i = 0; i < targets.Length; i++)
            {
                var t = targets[i];
                if (t.Kind != EstimateKind.P50 || t.Index != entity || t.Metric != metric || t.YearIndex != yearIndex) continue;
                foreach (double v in values) if (!double.IsNaN(v)) _values[i].Add(v);
            }
        }

        public void AcceptStep(int row, StepMetric metric, int yearIndex, ReadOnlySpan<double> values) =>
            accumulator.AcceptStep(row, metric, yearIndex, values);

        public void AcceptReadiness(int slot, ReadOnlySpan<double> years) => accumulator.AcceptReadiness(slot, years);

        public void EndChunk() => accumulator.EndChunk();

        /// <summary>One estimate per target, in target order; NaN where the unit had no defined value.</summary>
        public double[] Estimates()
        {
            var targets = estimator._targets;
            var result = new double[targets.Length];
            for (int i = 0; i < targets.Length; i++)
            {
                var t = targets[i];
                if (t.Kind == EstimateKind.P50)
                {
                    result[i] = ExactQuantile(_values[i], 0.5);
                    continue;
                }
                var tally = accumulator.Comparison(t.Index, t.YearIndex);
                result[i] = tally.Delta.Count == 0 ? double.NaN : (double)tally.ALessThanB / tally.Delta.Count;
            }
            return result;
        }
    }

    /// <summary>The spec's quantile rule on the exact values: h = (n−1)q, linear between the order statistics ⌊h⌋ and ⌈h⌉.</summary>
    public static double ExactQuantile(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        double h = (values.Count - 1) * q;
        int lo = (int)Math.Floor(h), hi = (int)Math.Ceiling(h);
        return values[lo] + (h - lo) * (values[hi] - values[lo]);
    }
}
