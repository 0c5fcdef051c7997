using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Tests.Simulation;

namespace ScenarioGrid.Engine.Tests.Analysis;

/// <summary>
/// Model-spec section 5, "Comparisons", for any pair on request: the same rows as the result document for a
/// listed pair, and for an unlisted one the numbers of a tally written out here over replayed trials.
/// </summary>
public class PairedComparisonTests
{
    private const ulong Seed = 20261204;

    /// <summary>
    /// Horizon 2025..2027. Plant c (route x, material price uniform(40, 60)) has capacity 1 or 2 GWh and a delay of
    /// 0 or 1 year; plant d (route y, price uniform(45, 55)) 2 GWh and a delay of 0 or 2 years. So either side's
    /// cost is undefined in some years of some trials, and their capacities tie (2 = 2) in some trials.
    /// Nothing is listed: the pairs below exist only on request.
    /// </summary>
    private static Scenario Pair() => new TestScenario("pair", 2025, 2027)
        .Region("R")
        .Route("x", [TestMaterial.Mass("m", 1, new UniformDistribution(40, 60))], yieldTau: 1, rampTau: 1)
        .Route("y", [TestMaterial.Mass("m", 1, new UniformDistribution(45, 55))], yieldTau: 1, rampTau: 1)
        .Plant("c", "x", "R", 2025, [(2025, new DiscreteDistribution([(1, 0.5), (2, 0.5)]))],
            delay: new DiscreteDistribution([(0, 0.5), (1, 0.5)]))
        .Plant("d", "y", "R", 2025, [(2025, 2)], delay: new DiscreteDistribution([(0, 0.7), (2, 0.3)]))
        .Build();

    private static readonly int[] PairYears = [2025, 2026, 2027];

    [Theory]
    [InlineData("plant:c", "plant:d", "costUsdPerKWh")]
    [InlineData("plant:c", "plant:d", "capacityGWh")]
    [InlineData("route:y", "world", "costUsdPerKWh")]
    public void Rows_equal_a_tally_of_the_replayed_trials(string a, string b, string metric)
    {
        const int trials = 400;
        var model = new CompiledModel(Pair());
        Metrics.TryParse(metric, out var m);
        // Chunks of 64: six full ones and a partial one of 16, on two threads.
        var rows = PairedComparison.Run(model, Seed, trials, 64, a, b, m, PairYears, threads: 2);

        // Independently: each trial replayed on its own, and a − b tallied here, trial by trial.
        var replayed = Enumerable.Range(0, trials).Select(k => TrialReplay.Run(model, Seed, k)
            .Metrics.ToDictionary(v => (v.Entity, v.Metric, v.Year), v => v.Value)).ToList();
        Assert.Equal(PairYears, rows.Select(r => r.Year));
        foreach (var row in rows)
        {
            var deltas = new List<double>();
            long less = 0;
            foreach (var values in replayed)
                if (values[(a, metric, row.Year)] is { } va && values[(b, metric, row.Year)] is { } vb)
                {
                    deltas.Add(va - vb);
                    if (va < vb) less++;
                }
            string what = $"{a} − {b} {metric} {row.Year}";
            Assert.Equal((a, b, metric), (row.A, row.B, row.Metric));
            Assert.Equal(deltas.Count, row.Count);
            Assert.True(deltas.Count > 0, what + ": the scenario should leave some trials where both are defined");
            Assert.Equal((double)less / deltas.Count, row.ProbabilityALessThanB);
            double mean = deltas.Sum() / deltas.Count;
            Assert.True(Math.Abs(mean - row.DeltaMean!.Value) <= 1e-9 * Math.Max(Math.Abs(mean), 1),
                $"{what} deltaMean: {mean:R} vs {row.DeltaMean:R}");
            var sorted = deltas.Order().ToArray();
            AssertQuantile(sorted, 0.10, row.DeltaP10, what);
            AssertQuantile(sorted, 0.50, row.DeltaP50, what);
            AssertQuantile(sorted, 0.90, row.DeltaP90, what);
        }
    }

    [Fact]
    public void The_pair_scenario_exercises_what_it_claims()
    {
        var model = new CompiledModel(Pair());
        var cost = PairedComparison.Run(model, Seed, 400, 64, "plant:c", "plant:d", Metric.CostUsdPerKWh, PairYears);
        // 2025: both on time (about 0.5 · 0.7); 2026: d still delayed in about 30 %; 2027: both always run.
        Assert.InRange(cost[0].Count, 1, 399);
        Assert.InRange(cost[1].Count, cost[0].Count + 1, 399);
        Assert.Equal(400, cost[2].Count);
        Assert.InRange(cost[2].ProbabilityALessThanB!.Value, 0.01, 0.99);
        // In 2027 c has 1 GWh (less than d) in about half the trials and ties with d's 2 GWh in the others,
        // the ties that the strict a < b of the replayed tally above leaves out.
        var capacity = PairedComparison.Run(model, Seed, 400, 64, "plant:c", "plant:d", Metric.CapacityGWh, [2027]).Single();
        Assert.Equal(400, capacity.Count);
        Assert.InRange(capacity.ProbabilityALessThanB!.Value, 0.3, 0.7); // c = 1 in about half the trials
        Assert.Equal(0, capacity.DeltaP90); // c = 2 = d in the other half
    }

    [Fact]
    public void A_listed_pair_over_the_whole_batch_equals_the_result_documents_rows()
    {
        // One thread and the batch's chunk size on both sides: the same tallies merged in the same order, so
        // the rows must agree to the last bit (the API's compare of a listed pair shows the document's numbers).
        const long trials = 10_000;
        const int chunk = 1000;
        var model = new CompiledModel(ChunkingTests.Everything());
        var document = ResultBuilder.Build(model, BatchRunner.Run(model, Seed, trials, chunk, threads: 1), (long)Seed);
        var years = document.Years;
        Assert.NotEmpty(model.Scenario.Comparisons);
        foreach (var spec in model.Scenario.Comparisons)
        {
            Metrics.TryParse(spec.Metric, out var metric);
            var rows = PairedComparison.Run(model, Seed, trials, chunk, spec.A, spec.B, metric, years, threads: 1);
            Assert.Equal(document.Comparisons.Where(c => (c.A, c.B, c.Metric) == (spec.A, spec.B, spec.Metric)), rows);
        }
    }

    [Fact]
    public void Thread_count_changes_no_count_and_no_quantile()
    {
        // Chunks of 100: 200 of them, taken by two threads in an order that varies from run to run.
        var model = new CompiledModel(ChunkingTests.Everything());
        var years = Enumerable.Range(model.StartYear, model.YearCount).ToArray();
        IReadOnlyList<ComparisonResult> Run(int threads) =>
            PairedComparison.Run(model, Seed, 20_000, 100, "plant:b", "route:oxide", Metric.CostUsdPerKWh, years, threads);
        var one = Run(1);
        var two = Run(2);
        Assert.Contains(one, r => r.Count is > 0 and < 20_000);
        Assert.Equal(one.Count, two.Count);
        for (int i = 0; i < one.Count; i++)
        {
            var (e, a) = (one[i], two[i]);
            Assert.Equal((e.Year, e.Count, e.ProbabilityALessThanB, e.DeltaP10, e.DeltaP50, e.DeltaP90),
                (a.Year, a.Count, a.ProbabilityALessThanB, a.DeltaP10, a.DeltaP50, a.DeltaP90));
            Assert.Equal(e.DeltaMean is null, a.DeltaMean is null);
            if (e.DeltaMean is { } mean)
                Assert.True(Math.Abs(mean - a.DeltaMean!.Value) <= 1e-9 * Math.Max(Math.Abs(mean), 1), $"{e.Year} deltaMean");
        }
    }

    [Fact]
    public void Rows_follow_the_years_asked_for()
    {
        var model = new CompiledModel(Pair());
        var rows = PairedComparison.Run(model, Seed, 50, 16, "plant:c", "plant:d", Metric.OutputGWh, [2027, 2025]);
        Assert.Equal([2027, 2025], rows.Select(r => r.Year));
    }

    [Fact]
    public void Arguments_are_checked_before_anything_runs()
    {
        var model = new CompiledModel(Pair());
        Assert.Throws<ArgumentException>(() =>
            PairedComparison.Run(model, Seed, 10, 16, "plant:zz", "plant:d", Metric.CostUsdPerKWh, PairYears));
        var noMetric = Assert.Throws<ArgumentException>(() =>
            PairedComparison.Run(model, Seed, 10, 16, "benchmark", "plant:d", Metric.OutputGWh, PairYears));
        Assert.Contains("no metric", noMetric.Message);
        var year = Assert.Throws<ArgumentException>(() =>
            PairedComparison.Run(model, Seed, 10, 16, "plant:c", "plant:d", Metric.CostUsdPerKWh, [2028]));
        Assert.Contains("2028", year.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PairedComparison.Run(model, Seed, 0, 16, "plant:c", "plant:d", Metric.CostUsdPerKWh, PairYears));
    }

    [Fact]
    public void A_cancelled_run_throws_the_cancellation()
    {
        var model = new CompiledModel(Pair());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PairedComparison.Run(model, Seed, 1000, 16, "plant:c", "plant:d",
            Metric.CostUsdPerKWh, PairYears, threads: 2, cancelled.Token));
    }

    /// <summary>
    /// The spec's quantile rule: with h = (n−1)q, between the order statistics x(floor h) and x(ceil h), widened by
    /// max(0.005·max(|x(floor h)|, |x(ceil h)|), 1e−6).
    /// </summary>
    private static void AssertQuantile(double[] sorted, double q, double? estimate, string what)
    {
        double h = (sorted.Length - 1) * q;
        double lo = sorted[(int)Math.Floor(h)], hi = sorted[(int)Math.Ceiling(h)];
        double widen = Math.Max(0.005 * Math.Max(Math.Abs(lo), Math.Abs(hi)), 1e-6);
        Assert.True(estimate >= lo - widen && estimate <= hi + widen, $"{what} p{q * 100}: {estimate:R} outside [{lo:R}, {hi:R}]");
    }
}
