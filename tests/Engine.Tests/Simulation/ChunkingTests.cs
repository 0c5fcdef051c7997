using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>
/// Model-spec section 3/5: results never depend on chunking, thread count or trial order. Counts, min, max,
/// quantiles, milestones and comparison counts are identical; mean and stdDev agree within
/// 1e−9·max(|mean|, 1) and 1e−9·max(|mean|, stdDev, 1).
/// </summary>
public class ChunkingTests
{
    private const int Trials = 20_000;
    private const ulong Seed = 987654321;

    /// <summary>Every kind of parameter uncertain: delays, capacities, overrides, regions, routes, globals, a copula.</summary>
    internal static Scenario Everything() => new TestScenario("everything", 2025, 2029)
        .Targets(costThreshold: 180, massProduction: 5)
        .Benchmark(new TriangularDistribution(90, 100, 115), new UniformDistribution(-0.08, -0.02))
        .Lambda(new LognormalDistribution(1.0, 0.3))
        .Region("CN", electricity: new UniformDistribution(0.05, 0.12), labor: new TriangularDistribution(8, 12, 18),
            capexMultiplier: new PertDistribution(0.8, 1.0, 1.3), wacc: new UniformDistribution(0.05, 0.1),
            depreciationYears: new DiscreteDistribution([(3, 0.5), (10, 0.5)]), fixedOpexRate: new UniformDistribution(0.02, 0.05),
            utilizationMax: new UniformDistribution(0.8, 0.95), subsidy: new DiscreteDistribution([(0, 0.7), (5, 0.3)]))
        .Region("EU", electricity: new NormalDistribution(0.15, 0.03, 0.05, 0.3), labor: 40, capexMultiplier: 1.2,
            wacc: new NormalDistribution(0.07, 0.01, 0.03, 0.12), depreciationYears: 8, fixedOpexRate: 0.04,
            utilizationMax: 0.9, subsidy: 2)
        .Route("sulfide",
            [
                TestMaterial.Mass("cathode", 1.5, new TriangularDistribution(15, 22, 35), share: 0.3),
                TestMaterial.Mass("electrolyte", 0.6, new PertDistribution(120, 195, 260), share: 0.6,
                    learningRate: new UniformDistribution(0.1, 0.3), floor: 30),
                TestMaterial.Flat("other", 12, share: new UniformDistribution(0, 0.2)),
            ],
            processEnergy: new UniformDistribution(15, 25), laborHours: 0.15, capex: new TriangularDistribution(90, 120, 180),
            capexFloor: 40, dryRoom: 4, processRate: new TriangularDistribution(0.12, 0.19, 0.26), cumulativeGWh0: 0.5,
            yieldInitial: new UniformDistribution(0.5, 0.7), yieldMature: new UniformDistribution(0.9, 0.95),
            yieldTau: new LognormalDistribution(2, 0.3), rampTau: new TriangularDistribution(0.5, 1.5, 3))
        .Route("oxide",
            [TestMaterial.Mass("cathode", 1.4, 20), TestMaterial.Flat("rest", new UniformDistribution(20, 40))],
            processEnergy: 30, laborHours: new UniformDistribution(0.1, 0.3), capex: 200, capexFloor: 0, dryRoom: 0,
            processRate: new UniformDistribution(0.05, 0.2), cumulativeGWh0: 1, yieldInitial: 0.7, yieldMature: 0.9,
            yieldTau: 1, rampTau: 0)
        .Plant("a", "sulfide", "CN", 2025, [(2025, new UniformDistribution(0.5, 2)), (2027, new UniformDistribution(4, 8))],
            delay: new LognormalDistribution(0.8, 0.6))
        .Plant("b", "sulfide", "EU", 2026, [(2026, 3)], delay: new DiscreteDistribution([(0, 0.5), (1, 0.3), (3, 0.2)]),
            overrides: [("yield.initial", new UniformDistribution(0.4, 0.6)), ("materials.electrolyte.usdPerKg", new TriangularDistribution(100, 150, 200))])
        .Plant("c", "oxide", "CN", 2024, [(2024, new PercentilesDistribution(2, 4, 7, lowerBound: 0))])
        .Plant("d", "oxide", "EU", 2027, [(2027, 5)], delay: new UniformDistribution(0, 2),
            overrides: [("rampTimeConstantYears", new UniformDistribution(0.5, 2))])
        .Correlate("routes.sulfide.learning.processRate", "routes.oxide.learning.processRate", 0.6)
        .Correlate("globals.lithiumPriceIndex", "routes.sulfide.materials.electrolyte.usdPerKg", 0.4)
        .Compare("route:sulfide", "route:oxide", "costUsdPerKWh")
        .Compare("plant:a", "benchmark", "costUsdPerKWh")
        .Compare("region:CN", "region:EU", "outputGWh")
        .Build();

    private static readonly Lazy<CompiledModel> Model = new(() => new CompiledModel(Everything()));

    /// <summary>The reference: one thread, chunks of 1000.</summary>
    private static readonly Lazy<BatchResult> Reference = new(() => Run(1000, 1));

    private static BatchResult Run(int chunk, int threads) =>
        ResultBuilder.Build(Model.Value, BatchRunner.Run(Model.Value, Seed, Trials, chunk, threads), (long)Seed);

    public static TheoryData<int, int> Layouts() => new()
    {
        { 1, 1 }, { 7, 1 }, { 1000, 2 }, { 65536, 1 }, { 1, 2 }, { 7, 2 }, { 65536, 2 }, { 333, 2 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Chunk_size_and_thread_count_do_not_change_the_results(int chunk, int threads)
    {
        AssertEquivalent(Reference.Value, Run(chunk, threads));
    }

    [Fact]
    public void The_scenario_exercises_what_it_claims()
    {
        var r = Reference.Value;
        Assert.Equal(Trials, r.Trials);
        // Plant b's discrete delay makes it inactive in 2026 in some trials: the comparison has fewer trials.
        Assert.InRange(r.Series("plant:b", "costUsdPerKWh", 2026).Count, 1, Trials - 1);
        // Every milestone probability is strictly between 0 and 1 somewhere, so histograms are exercised.
        Assert.Contains(r.Milestones, m => m.ProbabilityByEnd is > 0 and < 1);
        Assert.Contains(r.Comparisons, c => c.Count is > 0 and < Trials);
        Assert.All(r.Series.Where(s => s.Metric == "costUsdPerKWh" && s.Count > 1), s => Assert.True(s.StdDev > 0));
    }

    [Fact]
    public void Trial_order_does_not_matter_and_partial_results_merge()
    {
        var model = Model.Value;
        var whole = Reference.Value;

        // Second half first, on a worker with another chunk size; then the first half, merged into it.
        var late = new ChunkWorker(model, Seed, 777);
        var second = late.NewAccumulator();
        late.Run(Trials / 2, Trials / 2, second);
        var early = new ChunkWorker(model, Seed, 256);
        var first = early.NewAccumulator();
        early.Run(0, Trials / 2, first);
        second.Merge(first);
        Assert.Equal(Trials, second.Trials);
        AssertEquivalent(whole, ResultBuilder.Build(model, second, (long)Seed));
    }

    [Fact]
    public void Serialized_partial_results_round_trip_exactly()
    {
        var model = Model.Value;
        var worker = new ChunkWorker(model, Seed, 500);
        var a = worker.NewAccumulator();
        worker.Run(0, Trials / 2, a);
        var b = worker.NewAccumulator();
        worker.Run(Trials / 2, Trials / 2, b);

        var aBack = BatchAccumulator.Deserialize(model, 500, a.Serialize());
        var bBack = BatchAccumulator.Deserialize(model, 500, b.Serialize());
        // The round trip itself is lossless: the same document, bit for bit.
        AssertIdentical(ResultBuilder.Build(model, a, (long)Seed), ResultBuilder.Build(model, aBack, (long)Seed));

        // Deserialised halves merge into the whole batch (grains ship partials as bytes).
        bBack.Merge(aBack);
        AssertEquivalent(Reference.Value, ResultBuilder.Build(model, bBack, (long)Seed));
        // And merging into a deserialised accumulator equals merging the originals.
        a.Merge(b);
        var again = BatchAccumulator.Deserialize(model, 500, a.Serialize());
        AssertIdentical(ResultBuilder.Build(model, a, (long)Seed), ResultBuilder.Build(model, again, (long)Seed));
    }

    [Fact]
    public void A_range_starting_mid_batch_equals_those_trials_of_the_batch()
    {
        // Trials 12345..12345+99 on their own, chunked differently, and by BatchRunner in one go.
        var model = Model.Value;
        var direct = ResultLookup.RunRange(model, Seed, 12_345, 100, chunk: 13);
        var worker = new ChunkWorker(model, Seed, 100);
        var acc = worker.NewAccumulator();
        worker.Run(12_345, 100, acc);
        AssertEquivalent(direct, ResultBuilder.Build(model, acc, (long)Seed));
    }

    /// <summary>Keeps every (entity, metric, year) value of every trial, by absolute trial number.</summary>
    private sealed class AllValues(int trials) : IChunkSink
    {
        public readonly Dictionary<(int, Metric, int), double[]> Values = new();
        private long _first;
        public void BeginChunk(long firstTrial, int count) => _first = firstTrial;
        public void EndChunk() { }
        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            if (!Values.TryGetValue((entity, metric, yearIndex), out var column))
                Values[(entity, metric, yearIndex)] = column = new double[trials];
            values.CopyTo(column.AsSpan((int)_first));
        }
    }

    [Fact]
    public void A_chunk_larger_than_its_kernel_is_refused_before_any_column_is_touched()
    {
        // The kernel's vector loops index without bounds checks, so an oversized chunk must not reach them.
        var model = Model.Value;
        var inputs = new TrialInputs(model, 64);
        inputs.Draw(model.Streams(Seed), 0, 64);
        var kernel = new ChunkKernel(model, 32);
        var error = Assert.Throws<ArgumentException>(() => kernel.Run(inputs, 0, new BatchAccumulator(model, 64)));
        Assert.Contains("64 trials", error.Message);
    }

    [Fact]
    public void Every_trial_value_is_bit_identical_whatever_its_place_in_a_chunk()
    {
        // Min/max identity and exact replay need each trial's numbers to depend on (seed, trial) alone, not on
        // where the trial sits in a chunk (a vector body and a scalar tail must agree to the bit).
        var model = Model.Value;
        const int n = 600;
        AllValues Run(int chunk)
        {
            var sink = new AllValues(n);
            new ChunkWorker(model, Seed, chunk).Run(0, n, sink);
            return sink;
        }
        var reference = Run(600);
        foreach (int chunk in new[] { 1, 3, 7, 64 })
        {
            var other = Run(chunk);
            foreach (var (key, expected) in reference.Values)
            {
                var actual = other.Values[key];
                for (int k = 0; k < n; k++)
                    Assert.True(expected[k].Equals(actual[k]),
                        $"chunk {chunk}: {model.Entities.All[key.Item1].Id} {key.Item2} year {key.Item3} trial {k}: {expected[k]:R} vs {actual[k]:R}");
            }
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1e300)]
    public void Whatever_the_padded_lanes_hold_the_chunks_values_are_the_same(double padding)
    {
        // The kernel computes whole vectors: a chunk of 5 trials runs in 8 lanes, and lanes 5..7 compute from
        // whatever the input columns hold there. Only the 5 trials may reach the sink (AllValues has room for no
        // more), and nothing may depend on the other lanes.
        var model = Model.Value;
        const int n = 5;
        AllValues Run(bool poisoned)
        {
            var inputs = new TrialInputs(model, n);
            inputs.Draw(model.Streams(Seed), 0, n);
            if (poisoned)
                foreach (var column in inputs.Values)
                {
                    Assert.True(column.Length > n, "the input columns are padded to whole vectors");
                    column.AsSpan(n).Fill(padding);
                }
            var sink = new AllValues(n);
            new ChunkKernel(model, n).Run(inputs, 0, sink);
            return sink;
        }
        var reference = Run(poisoned: false);
        var other = Run(poisoned: true);
        Assert.Equal(reference.Values.Keys.Order(), other.Values.Keys.Order());
        foreach (var (key, expected) in reference.Values)
            for (int k = 0; k < n; k++)
                Assert.True(expected[k].Equals(other.Values[key][k]),
                    $"{model.Entities.All[key.Item1].Id} {key.Item2} year {key.Item3} trial {k}: {expected[k]:R} vs {other.Values[key][k]:R}");
    }

    // ---------------------------------------------------------------------------------------------

    private static void CloseMean(double? expected, double? actual, string what)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null) return;
        Assert.True(Math.Abs(expected.Value - actual!.Value) <= 1e-9 * Math.Max(Math.Abs(expected.Value), 1),
            $"{what}: {expected:R} vs {actual:R}");
    }

    internal static void AssertEquivalent(BatchResult expected, BatchResult actual)
    {
        Assert.Equal(expected.Trials, actual.Trials);
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (int i = 0; i < expected.Series.Count; i++)
        {
            var e = expected.Series[i];
            var a = actual.Series[i];
            string what = $"{e.Entity} {e.Metric} {e.Year}";
            Assert.Equal((e.Entity, e.Metric, e.Year), (a.Entity, a.Metric, a.Year));
            Assert.True(e.Count == a.Count, what + " count");
            Assert.True(e.Min == a.Min && e.Max == a.Max, what + " min/max");
            Assert.True(Equals(e.P5, a.P5) && Equals(e.P10, a.P10) && Equals(e.P25, a.P25) && Equals(e.P50, a.P50)
                && Equals(e.P75, a.P75) && Equals(e.P90, a.P90) && Equals(e.P95, a.P95), what + " quantiles");
            CloseMean(e.Mean, a.Mean, what + " mean");
            Assert.Equal(e.StdDev is null, a.StdDev is null);
            if (e.StdDev is { } sd)
                Assert.True(Math.Abs(sd - a.StdDev!.Value) <= 1e-9 * Math.Max(Math.Max(Math.Abs(e.Mean!.Value), sd), 1),
                    $"{what} stdDev: {sd:R} vs {a.StdDev:R}");
        }

        Assert.Equal(expected.Milestones.Count, actual.Milestones.Count);
        for (int i = 0; i < expected.Milestones.Count; i++)
        {
            var e = expected.Milestones[i];
            var a = actual.Milestones[i];
            Assert.Equal((e.Entity, e.Milestone, e.P10, e.P50, e.P90, e.ProbabilityByEnd),
                (a.Entity, a.Milestone, a.P10, a.P50, a.P90, a.ProbabilityByEnd));
            Assert.Equal(e.ProbabilityByYear, a.ProbabilityByYear);
        }

        Assert.Equal(expected.Comparisons.Count, actual.Comparisons.Count);
        for (int i = 0; i < expected.Comparisons.Count; i++)
        {
            var e = expected.Comparisons[i];
            var a = actual.Comparisons[i];
            string what = $"{e.A} vs {e.B} {e.Metric} {e.Year}";
            Assert.Equal((e.A, e.B, e.Metric, e.Year, e.Count, e.ProbabilityALessThanB),
                (a.A, a.B, a.Metric, a.Year, a.Count, a.ProbabilityALessThanB));
            Assert.True(Equals(e.DeltaP10, a.DeltaP10) && Equals(e.DeltaP50, a.DeltaP50) && Equals(e.DeltaP90, a.DeltaP90),
                what + " delta quantiles");
            CloseMean(e.DeltaMean, a.DeltaMean, what + " deltaMean");
        }
    }

    /// <summary>Bit-for-bit equality of every number in two documents.</summary>
    private static void AssertIdentical(BatchResult expected, BatchResult actual)
    {
        Assert.Equal(expected.Series, actual.Series);
        Assert.Equal(expected.Comparisons, actual.Comparisons);
        Assert.Equal(expected.Milestones.Count, actual.Milestones.Count);
        for (int i = 0; i < expected.Milestones.Count; i++)
        {
            var (e, a) = (expected.Milestones[i], actual.Milestones[i]);
            Assert.Equal((e.Entity, e.Milestone, e.ProbabilityByEnd, e.P10, e.P50, e.P90), (a.Entity, a.Milestone, a.ProbabilityByEnd, a.P10, a.P50, a.P90));
            Assert.Equal(expected.Milestones[i].ProbabilityByYear, actual.Milestones[i].ProbabilityByYear);
        }
    }
}
