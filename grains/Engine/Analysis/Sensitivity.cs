using ScenarioGrid.Engine.Simulation.Process;
using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

public sealed record SensitivityResult(string Entity, string Metric, int Year, Tornado Tornado, SpearmanRanking Spearman)
{
    /// <summary>v2: the step of a step metric (written after <c>year</c>).</summary>
    public string? Step { get; init; }
}

public sealed record Tornado(double? Base, IReadOnlyList<TornadoBar> Parameters);

public sealed record TornadoBar(string Path, double InputLow, double InputHigh, double? OutputLow, double? OutputHigh, double? Swing);

public sealed record SpearmanRanking(long Trials, IReadOnlyList<SpearmanRow> Parameters);

public sealed record SpearmanRow(string Path, double? Rho, long Count);

/// <summary>Tornado (one-at-a-time swings) and Spearman rank correlation, model-spec section 5.</summary>
public static class Sensitivity
{
    public const int SpearmanTrialLimit = 10_000;

    public static SensitivityResult Run(CompiledModel model, ulong seed, long trials, string entity, Metric metric, int year)
    {
        int e = model.Entities.IndexOf(entity);
        if (!model.Entities.All[e].HasMetric(metric))
            throw new ArgumentException($"entity '{entity}' has no metric '{metric.Name()}'");
        int y = YearIndex(model, year);
        var column = ColumnKey.Series(e, metric);
        return new SensitivityResult(entity, metric.Name(), year, RunTornado(model, column, y),
            RunSpearman(model, seed, Math.Min(trials, SpearmanTrialLimit), column, y));
    }

    /// <summary>Model v2: the tornado and Spearman of a step metric of one entity's step (model-spec-v2 §5).</summary>
    public static SensitivityResult RunStep(CompiledModel model, ulong seed, long trials, string entity, StepMetric metric, string step, int year) =>
        RunStep(model, seed, trials, entity, metric.Name(), step, year);

    /// <inheritdoc cref="RunStep(CompiledModel, ulong, long, string, StepMetric, string, int)"/>
    /// <remarks>The arguments as a user writes them, checked by <see cref="FindStepRow"/>.</remarks>
    public static SensitivityResult RunStep(CompiledModel model, ulong seed, long trials, string entity, string metric, string? step, int year)
    {
        var (row, m) = FindStepRow(model, entity, metric, step);
        int y = YearIndex(model, year);
        var column = ColumnKey.StepOf(row, m);
        return new SensitivityResult(entity, m.Name(), year, RunTornado(model, column, y),
            RunSpearman(model, seed, Math.Min(trials, SpearmanTrialLimit), column, y)) { Step = step };
    }

    /// <summary>
    /// The step row and metric of a step sensitivity, or an <see cref="ArgumentException"/> that says what to give
    /// instead: the step metrics, the entities with a waterfall, or this entity's steps. The one check of these
    /// arguments; the API and the CLI report its message as their bad input.
    /// </summary>
    public static (int Row, StepMetric Metric) FindStepRow(CompiledModel model, string entity, string metric, string? step)
    {
        if (!StepMetrics.TryParse(metric, out var m))
            throw new ArgumentException($"step takes a step metric; one of: {string.Join(", ", StepMetrics.AllNames)}");
        if (step is null) throw new ArgumentException($"the step metric {metric} needs a step (a step of the entity's waterfall, or other)");
        if (model.Process is not { } plan) throw new ArgumentException("a step metric needs a model-v2 scenario (one with process chains)");
        if (!plan.Layout.TryFindRow(entity, step, out int row))
        {
            var steps = plan.Layout.Rows.Where(r => r.Entity == entity).Select(r => r.Step).ToList();
            throw new ArgumentException(steps.Count == 0
                ? $"'{entity}' has no waterfall; entities with steps: {string.Join(", ", plan.Layout.Rows.Select(r => r.Entity).Distinct())}"
                : $"'{entity}' has no step '{step}' in its waterfall; its steps: {string.Join(", ", steps)}");
        }
        if (!plan.Layout.Rows[row].HasMetric(m))
            throw new ArgumentException($"'{entity}' does not report {metric} for step '{step}' (stepYield: plants' real steps only)");
        return (row, m);
    }

    /// <summary>
    /// Run 0 has every uncertain parameter at u = 0.5; runs 2i+1 and 2i+2 move parameter i to u = 0.1 and
    /// 0.9. All runs go through the kernel as one chunk; correlations are ignored (u is set directly).
    /// </summary>
    private static int YearIndex(CompiledModel model, int year)
    {
        int y = year - model.StartYear;
        if (y < 0 || y >= model.YearCount)
            throw new ArgumentException($"year {year} is outside the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");
        return y;
    }

    public static Tornado RunTornado(CompiledModel model, int entity, Metric metric, int yearIndex) =>
        RunTornado(model, ColumnKey.Series(entity, metric), yearIndex);

    internal static Tornado RunTornado(CompiledModel model, ColumnKey column, int yearIndex)
    {
        var uncertain = model.Uncertain;
        int runs = 2 * uncertain.Count + 1;
        var position = new Dictionary<int, int>();
        for (int i = 0; i < uncertain.Count; i++) position[uncertain[i]] = i;
        var inputs = new TrialInputs(model, runs);
        inputs.SetFromUniforms(runs, (p, k) =>
        {
            int i = position[p];
            return k == 2 * i + 1 ? 0.1 : k == 2 * i + 2 ? 0.9 : 0.5;
        });
        var sink = new CaptureSink(column, yearIndex, runs);
        Kernels.For(model, runs).Run(inputs, 0, sink);

        double? Value(int k) => double.IsNaN(sink.Values[k]) ? null : sink.Values[k];
        var bars = uncertain.Select((p, i) =>
        {
            var dist = model.Parameters[p].Distribution;
            double? low = Value(2 * i + 1), high = Value(2 * i + 2);
            return new TornadoBar(model.Parameters[p].Path, dist.Quantile(0.1), dist.Quantile(0.9), low, high,
                low is { } a && high is { } b ? Math.Abs(b - a) : null);
        })
        .OrderBy(b => b.Swing is null)
        .ThenByDescending(b => b.Swing ?? 0)
        .ThenBy(b => b.Path, StringComparer.Ordinal)
        .ToList();
        return new Tornado(Value(0), bars);
    }

    /// <summary>Spearman's rho (average ranks for ties) of each drawn input, after the copula, against the metric.</summary>
    internal static SpearmanRanking RunSpearman(CompiledModel model, ulong seed, long trials, ColumnKey column, int yearIndex)
    {
        int n = (int)trials;
        var worker = new TrialInputs(model, n);
        worker.Draw(model.Streams(seed), 0, n);
        var sink = new CaptureSink(column, yearIndex, n);
        Kernels.For(model, n).Run(worker, 0, sink);

        var defined = Enumerable.Range(0, n).Where(k => !double.IsNaN(sink.Values[k])).ToArray();
        var output = Ranks(defined.Select(k => sink.Values[k]).ToArray());
        var rows = model.Uncertain.Select(p =>
        {
            var input = Ranks(defined.Select(k => worker.Values[p][k]).ToArray());
            return new SpearmanRow(model.Parameters[p].Path, Pearson(input, output), defined.Length);
        })
        .OrderBy(r => r.Rho is null)
        .ThenByDescending(r => Math.Abs(r.Rho ?? 0))
        .ThenBy(r => r.Path, StringComparer.Ordinal)
        .ToList();
        return new SpearmanRanking(n, rows);
    }

    /// <summary>1-based ranks, ties sharing their average rank.</summary>
    internal static double[] Ranks(double[] x)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        var ranks = new double[x.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Pearson correlation; null when either side is constant (or fewer than two points).</summary>
    internal static double? Pearson(double[] a, double[] b)
    {
        if (a.Length < 2) return null;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? null : sab / Math.Sqrt(saa * sbb);
    }
}
