using MathNet.Numerics.Distributions;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Random;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>Model-spec sections 3 and 5: trial replay, tornado and Spearman rank correlation.</summary>
public class ReplayAndSensitivityTests
{
    private const ulong Seed = 31337;

    // ---- replay ------------------------------------------------------------------------------

    /// <summary>
    /// The copula set of <see cref="ChunkingTests.Everything"/> in ordinal path order, and its pairs:
    /// λ–electrolyte price ρ = 0.4, sulfide–oxide process learning ρ = 0.6.
    /// </summary>
    private static readonly string[] CopulaSet =
    [
        "globals.lithiumPriceIndex", "routes.oxide.learning.processRate",
        "routes.sulfide.learning.processRate", "routes.sulfide.materials.electrolyte.usdPerKg",
    ];

    /// <summary>The copula by hand: C is the Cholesky factor of the 4×4 matrix, written out.</summary>
    private static double[] CorrelatedUniforms(long trial)
    {
        var z = CopulaSet.Select(p => Normal.InvCDF(0, 1, CounterRng.Uniform(CounterRng.Stream(Seed, p), trial))).ToArray();
        // Matrix rows [λ, oxide, sulfide, electrolyte]: ρ(λ, electrolyte) = 0.4, ρ(oxide, sulfide) = 0.6.
        // Cholesky: row 0 = (1); row 1 = (0, 1); row 2 = (0, 0.6, 0.8); row 3 = (0.4, 0, 0, √0.84).
        double[] zc = [z[0], z[1], 0.6 * z[1] + 0.8 * z[2], 0.4 * z[0] + Math.Sqrt(0.84) * z[3]];
        return zc.Select(x => Normal.CDF(0, 1, x)).ToArray();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(17L)]
    [InlineData(999_999L)]
    public void Replayed_inputs_are_the_quantiles_of_the_counter_uniforms(long trial)
    {
        var model = new CompiledModel(ChunkingTests.Everything());
        var replay = TrialReplay.Run(model, Seed, trial);
        Assert.Equal(trial, replay.Trial);
        Assert.Equal((long)Seed, replay.Seed);
        var inputs = replay.Inputs.ToDictionary(kv => kv.Key, kv => kv.Value);

        // Every uncertain parameter is listed once; fixed ones are not.
        var uncertain = ScenarioParameters.Enumerate(model.Scenario).Where(p => !p.IsFixed).ToArray();
        Assert.Equal(uncertain.Select(p => p.Path).Order(StringComparer.Ordinal), inputs.Keys.Order(StringComparer.Ordinal));

        var correlated = CorrelatedUniforms(trial);
        foreach (var p in uncertain)
        {
            int c = Array.IndexOf(CopulaSet, p.Path);
            if (c < 0)
            {
                double u = CounterRng.Uniform(CounterRng.Stream(Seed, p.Path), trial);
                Assert.Equal(p.Distribution.Quantile(u), inputs[p.Path]);
            }
            else
            {
                double expected = p.Distribution.Quantile(correlated[c]);
                Assert.True(Math.Abs(inputs[p.Path] - expected) <= 1e-9 * Math.Abs(expected),
                    $"{p.Path}: replay {inputs[p.Path]:R}, copula by hand {expected:R}");
            }
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4321L)]
    public void Replayed_metrics_equal_a_one_trial_batch_and_the_trial_inside_a_big_chunk(long trial)
    {
        var model = new CompiledModel(ChunkingTests.Everything());
        var replay = TrialReplay.Run(model, Seed, trial);
        var batch = ResultLookup.RunRange(model, Seed, trial, 1);

        // Also run the trial at an odd position inside a chunk of 64 (the batch's view of it).
        var sink = new OneTrialSink(trial);
        new ChunkWorker(model, Seed, 64).Run(trial - Math.Min(trial, 37), 100, sink);

        Assert.Equal(batch.Series.Count, replay.Metrics.Count);
        foreach (var m in replay.Metrics)
        {
            var s = batch.Series(m.Entity, m.Metric, m.Year);
            if (m.Value is null)
            {
                Assert.Equal(0, s.Count);
            }
            else
            {
                Assert.Equal(1, s.Count);
                Assert.Equal(m.Value, s.Mean);
            }
            int e = model.Entities.IndexOf(m.Entity);
            Assert.True(Metrics.TryParse(m.Metric, out var metric));
            double inChunk = sink.Values[(e, metric, m.Year - model.StartYear)];
            Assert.Equal(m.Value ?? double.NaN, inChunk);
        }
        // The scenario is stochastic enough that the replay is not trivially constant.
        Assert.Contains(replay.Metrics, m => m.Value is > 0 && m.Metric == "costUsdPerKWh");
        Assert.Contains(replay.Metrics, m => m.Value is null);
    }

    private sealed class OneTrialSink(long trial) : IChunkSink
    {
        public Dictionary<(int, Metric, int), double> Values { get; } = new();
        private long _first;
        private int _count;
        public void BeginChunk(long firstTrial, int count) => (_first, _count) = (firstTrial, count);
        public void EndChunk() { }
        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            if (trial >= _first && trial < _first + _count) Values[(entity, metric, yearIndex)] = values[(int)(trial - _first)];
        }
    }

    // ---- tornado -----------------------------------------------------------------------------

    /// <summary>
    /// The linear plant of <see cref="MonteCarloConvergenceTests"/> (u = y = 0.9 fixed, T0 only), plus an uncertain
    /// benchmark (which cannot move a plant's cost: swing 0, a tie) and a delay uniform(0, 0.6) that switches the
    /// plant off at u = 0.9 (0.54 → D = 1): a null swing.
    /// </summary>
    private static Scenario Linear() => new TestScenario("linear", 2025, 2025)
        .Benchmark(new UniformDistribution(90, 110), new UniformDistribution(-0.1, 0))
        .Lambda(new LognormalDistribution(1.0, 0.3))
        .Region("R", electricity: new UniformDistribution(0.05, 0.15), labor: new NormalDistribution(20, 5, 10, 40),
            capexMultiplier: 1, wacc: 0.08, depreciationYears: 10, fixedOpexRate: 0.03, utilizationMax: 0.9,
            subsidy: new DiscreteDistribution([(0, 0.5), (5, 0.3), (10, 0.2)]))
        .Route("r",
            [
                TestMaterial.Mass("cathode", 1.5, new TriangularDistribution(10, 20, 40)),
                TestMaterial.Mass("electrolyte", 0.6, new PertDistribution(100, 150, 250)),
                TestMaterial.Flat("lithium", 20, share: 0.5),
            ],
            processEnergy: 20, laborHours: 0.2, capex: 150, capexFloor: 0, dryRoom: 4, processRate: 0.15, cumulativeGWh0: 1,
            yieldInitial: 0.6, yieldMature: 0.9, yieldTau: 0, rampTau: 0)
        .Plant("p", "r", "R", 2025, [(2025, 2)], delay: new UniformDistribution(0, 0.6))
        .Build();

    /// <summary>Quantiles of each input at u, by independent formulas (MathNet for Beta and normal).</summary>
    private static double Q(string path, double u) => path switch
    {
        "regions.R.electricityUsdPerKWh" => 0.05 + u * 0.1,
        "regions.R.laborUsdPerHour" => 20 + 5 * Normal.InvCDF(0, 1, Normal.CDF(0, 1, -2) + u * (Normal.CDF(0, 1, 4) - Normal.CDF(0, 1, -2))),
        "regions.R.subsidyUsdPerKWh" => u <= 0.5 ? 0 : u <= 0.8 ? 5 : 10,
        "routes.r.materials.cathode.usdPerKg" => u < 1.0 / 3 ? 10 + Math.Sqrt(u * 30 * 10) : 40 - Math.Sqrt((1 - u) * 30 * 20),
        "routes.r.materials.electrolyte.usdPerKg" => 100 + 150 * Beta.InvCDF(1 + 4 * 50 / 150.0, 1 + 4 * 100 / 150.0, u),
        "globals.lithiumPriceIndex" => Math.Exp(0.3 * Normal.InvCDF(0, 1, u)),
        "benchmark.startUsdPerKWh" => 90 + 20 * u,
        "benchmark.annualChange" => -0.1 + 0.1 * u,
        "plants.p.sopDelayYears" => 0.6 * u,
        _ => throw new ArgumentException(path),
    };

    /// <summary>∂cost/∂input of the linear cost (y = 0.9; lithium line 20·(½ + ½λ)).</summary>
    private static readonly Dictionary<string, double> Coefficients = new()
    {
        ["regions.R.electricityUsdPerKWh"] = 20 / 0.9,
        ["regions.R.laborUsdPerHour"] = 0.2 / 0.9,
        ["regions.R.subsidyUsdPerKWh"] = -1,
        ["routes.r.materials.cathode.usdPerKg"] = 1.5 / 0.9,
        ["routes.r.materials.electrolyte.usdPerKg"] = 0.6 / 0.9,
        ["globals.lithiumPriceIndex"] = 10 / 0.9,
        ["benchmark.startUsdPerKWh"] = 0,
        ["benchmark.annualChange"] = 0,
    };

    private static double BaseCost()
    {
        double crf = 0.08 * Math.Pow(1.08, 10) / (Math.Pow(1.08, 10) - 1);
        double Mid(string p) => Q(p, 0.5);
        return (1.5 * Mid("routes.r.materials.cathode.usdPerKg") + 0.6 * Mid("routes.r.materials.electrolyte.usdPerKg")
                + 20 * (0.5 + 0.5 * Mid("globals.lithiumPriceIndex"))) / 0.9
            + 20 * Mid("regions.R.electricityUsdPerKWh") / 0.9 + 0.2 * Mid("regions.R.laborUsdPerHour") / 0.9
            + 150 * crf / (0.9 * 0.9) + (0.03 * 150 + 4) / (0.9 * 0.9) - Mid("regions.R.subsidyUsdPerKWh");
    }

    private static bool Close(double a, double b, double rel = 1e-9) => Math.Abs(a - b) <= rel * Math.Max(Math.Abs(b), 1);

    [Fact]
    public void Tornado_swings_are_coefficient_times_the_input_range()
    {
        var model = new CompiledModel(Linear());
        var tornado = Sensitivity.RunTornado(model, model.Entities.IndexOf("plant:p"), Metric.CostUsdPerKWh, 0);

        // Base: every input at its median; the discrete subsidy at u = 0.5 is 0 (cumulative 0.5 ≥ 0.5).
        Assert.True(Close(tornado.Base!.Value, BaseCost()), $"base {tornado.Base:R} vs {BaseCost():R}");

        var bars = tornado.Parameters.ToDictionary(b => b.Path);
        Assert.Equal(Coefficients.Count + 1, bars.Count);
        foreach (var (path, coef) in Coefficients)
        {
            var bar = bars[path];
            double low = Q(path, 0.1), high = Q(path, 0.9);
            Assert.True(Close(bar.InputLow, low) && Close(bar.InputHigh, high), $"{path} inputs {bar.InputLow:R}/{bar.InputHigh:R} vs {low:R}/{high:R}");
            Assert.True(Close(bar.OutputLow!.Value, BaseCost() + coef * (low - Q(path, 0.5))), $"{path} outputLow");
            Assert.True(Close(bar.OutputHigh!.Value, BaseCost() + coef * (high - Q(path, 0.5))), $"{path} outputHigh");
            Assert.True(Math.Abs(bar.Swing!.Value - Math.Abs(coef) * (high - low)) <= 1e-9 * Math.Max(BaseCost(), 1),
                $"{path} swing {bar.Swing:R} vs {Math.Abs(coef) * (high - low):R}");
        }
        // The subsidy's swing is its full range: Q(0.1) = 0, Q(0.9) = 10.
        Assert.Equal(10, bars["regions.R.subsidyUsdPerKWh"].Swing!.Value, 9);

        // The delay: 0.06 → D = 0 (cost defined), 0.54 → D = 1 (inactive in 2025): null swing.
        var delay = bars["plants.p.sopDelayYears"];
        Assert.True(Close(delay.OutputLow!.Value, BaseCost()));
        Assert.Null(delay.OutputHigh);
        Assert.Null(delay.Swing);
    }

    [Fact]
    public void Tornado_order_is_swing_descending_then_path_with_nulls_last()
    {
        var model = new CompiledModel(Linear());
        var tornado = Sensitivity.RunTornado(model, model.Entities.IndexOf("plant:p"), Metric.CostUsdPerKWh, 0);
        // Expected order from the hand swings: |coef|·(Q(0.9) − Q(0.1)).
        var expected = Coefficients
            .Select(kv => (Path: kv.Key, Swing: Math.Abs(kv.Value) * (Q(kv.Key, 0.9) - Q(kv.Key, 0.1))))
            .OrderByDescending(x => Math.Round(x.Swing, 9)).ThenBy(x => x.Path, StringComparer.Ordinal)
            .Select(x => x.Path).Append("plants.p.sopDelayYears").ToArray();
        Assert.Equal(expected, tornado.Parameters.Select(b => b.Path));
        // Spelled out: PERT electrolyte (≈ 47) > triangular cathode (≈ 28) > subsidy (10) > λ (≈ 8.8) > wage (≈ 2.8)
        // > electricity (1.78) > the two benchmark inputs (0, tied: by path) > the delay (null).
        Assert.Equal(
            [
                "routes.r.materials.electrolyte.usdPerKg", "routes.r.materials.cathode.usdPerKg", "regions.R.subsidyUsdPerKWh",
                "globals.lithiumPriceIndex", "regions.R.laborUsdPerHour", "regions.R.electricityUsdPerKWh",
                "benchmark.annualChange", "benchmark.startUsdPerKWh", "plants.p.sopDelayYears",
            ],
            tornado.Parameters.Select(b => b.Path));
        Assert.Equal(0.0, tornado.Parameters[6].Swing);
        Assert.Equal(0.0, tornado.Parameters[7].Swing);
    }

    [Fact]
    public void Tornado_ignores_correlations()
    {
        // Same linear plant with λ and the electrolyte price correlated: the one-at-a-time runs set u directly.
        var s = Linear();
        var correlated = s with { Correlations = [new Correlation("globals.lithiumPriceIndex", "routes.r.materials.electrolyte.usdPerKg", 0.9)] };
        int e = new CompiledModel(s).Entities.IndexOf("plant:p");
        var plain = Sensitivity.RunTornado(new CompiledModel(s), e, Metric.CostUsdPerKWh, 0);
        var withCopula = Sensitivity.RunTornado(new CompiledModel(correlated), e, Metric.CostUsdPerKWh, 0);
        Assert.Equal(plain.Base, withCopula.Base);
        Assert.Equal(plain.Parameters, withCopula.Parameters);
    }

    // ---- Spearman ----------------------------------------------------------------------------

    /// <summary>
    /// Plant a: capacity uniform (moves its output, not its cost), region A electricity uniform (moves a's cost
    /// only). Plant b: fixed capacity in region B with uncertain utilizationMax (b's cost falls as it rises)
    /// and a delay {0: 0.8, 1: 0.2} (b's cost undefined in 2025 when late).
    /// </summary>
    private static Scenario Ranked() => new TestScenario("ranked", 2025, 2026)
        .Region("A", electricity: new UniformDistribution(0.05, 0.15))
        .Region("B", utilizationMax: new UniformDistribution(0.6, 0.95))
        .Route("r", [TestMaterial.Mass("m", 1, 10)], yieldTau: 0, rampTau: 0)
        .Plant("a", "r", "A", 2025, [(2025, new UniformDistribution(1, 3))])
        .Plant("b", "r", "B", 2025, [(2025, 2)], delay: new DiscreteDistribution([(0, 0.8), (1, 0.2)]))
        .Build();

    [Fact]
    public void Spearman_of_monotone_unrelated_and_constant_metrics()
    {
        var model = new CompiledModel(Ranked());
        const string capacity = "plants.a.capacity.0.gwh", electricity = "regions.A.electricityUsdPerKWh",
            utilization = "regions.B.utilizationMax", delay = "plants.b.sopDelayYears";

        // Output of a = K·u·y with u, y fixed: strictly increasing in K.
        var output = Sensitivity.Run(model, Seed, 20_000, "plant:a", Metric.OutputGWh, 2025).Spearman;
        Assert.Equal(10_000, output.Trials); // min(N, 10000)
        var rows = output.Parameters.ToDictionary(r => r.Path);
        Assert.Equal(1.0, rows[capacity].Rho!.Value, 12);
        Assert.Equal(10_000, rows[capacity].Count);
        foreach (var unrelated in new[] { electricity, utilization, delay })
            Assert.True(Math.Abs(rows[unrelated].Rho!.Value) < 0.04, $"{unrelated}: rho {rows[unrelated].Rho}"); // 4/√10000
        Assert.Equal(capacity, output.Parameters[0].Path);

        // Cost of b falls with utilizationMax: rho = −1 over the trials where b runs in 2025 (delay 0: u ≤ 0.8).
        var cost = Sensitivity.Run(model, Seed, 10_000, "plant:b", Metric.CostUsdPerKWh, 2025).Spearman;
        var byPath = cost.Parameters.ToDictionary(r => r.Path);
        Assert.Equal(-1.0, byPath[utilization].Rho!.Value, 12);
        var stream = CounterRng.Stream(Seed, delay);
        long onTime = Enumerable.Range(0, 10_000).LongCount(k => CounterRng.Uniform(stream, k) <= 0.8);
        Assert.All(cost.Parameters, r => Assert.Equal(onTime, r.Count));
        // Within those trials b's delay is constant (0): null rho, listed last.
        Assert.Null(byPath[delay].Rho);
        Assert.Equal(delay, cost.Parameters[^1].Path);
        Assert.Equal(utilization, cost.Parameters[0].Path);

        // A metric that never moves: every rho is null, rows then by path.
        var fixedMetric = Sensitivity.Run(model, Seed, 5_000, "plant:b", Metric.CapacityGWh, 2026).Spearman;
        Assert.Equal(5_000, fixedMetric.Trials);
        Assert.All(fixedMetric.Parameters, r => Assert.Null(r.Rho));
        Assert.Equal(new[] { capacity, delay, electricity, utilization }, fixedMetric.Parameters.Select(r => r.Path));
    }

    [Fact]
    public void Spearman_inputs_are_the_drawn_values_before_rounding()
    {
        // A delay uniform(0, 1) is used as D = floor(x + 0.5) ∈ {0, 1}; its drawn real value is what is ranked.
        // The output of a plant with that delay in T0 is 0 or K·u·y: a two-valued metric with many ties.
        var s = new TestScenario("ties", 2025, 2025)
            .Region("A")
            .Route("r", [TestMaterial.Mass("m", 1, 10)], yieldTau: 0, rampTau: 0)
            .Plant("a", "r", "A", 2025, [(2025, 1)], delay: new UniformDistribution(0, 1))
            .Build();
        var rho = Sensitivity.Run(new CompiledModel(s), Seed, 2_000, "plant:a", Metric.OutputGWh, 2025).Spearman.Parameters.Single();

        // By hand: output is high (rank-tied) exactly when x < 0.5; Spearman with average ranks of both sides.
        var stream = CounterRng.Stream(Seed, "plants.a.sopDelayYears");
        var x = Enumerable.Range(0, 2_000).Select(k => CounterRng.Uniform(stream, k)).ToArray(); // uniform(0, 1): x = u
        var y = x.Select(v => Math.Floor(v + 0.5) == 0 ? 1.0 : 0.0).ToArray();
        double expected = PearsonOfRanks(x, y);
        Assert.Equal(expected, rho.Rho!.Value, 12);
        Assert.True(rho.Rho < -0.8);
    }

    /// <summary>Spearman by a different route: ranks via sorting with explicit tie groups, then Pearson.</summary>
    private static double PearsonOfRanks(double[] a, double[] b)
    {
        static double[] Rank(double[] v)
        {
            var sorted = v.Select((x, i) => (x, i)).OrderBy(t => t.x).ToArray();
            var r = new double[v.Length];
            int start = 0;
            while (start < sorted.Length)
            {
                int end = start;
                while (end + 1 < sorted.Length && sorted[end + 1].x == sorted[start].x) end++;
                for (int k = start; k <= end; k++) r[sorted[k].i] = (start + 1 + end + 1) / 2.0;
                start = end + 1;
            }
            return r;
        }
        double[] ra = Rank(a), rb = Rank(b);
        double ma = ra.Average(), mb = rb.Average();
        double cov = ra.Zip(rb, (p, q) => (p - ma) * (q - mb)).Sum();
        return cov / Math.Sqrt(ra.Sum(p => (p - ma) * (p - ma)) * rb.Sum(q => (q - mb) * (q - mb)));
    }

    [Fact]
    public void Ranks_average_ties()
    {
        // Sorted: 1, 1 (ranks 1, 2 → 1.5 each), 3 (3), 4 (4), 5 (5).
        Assert.Equal(new[] { 3, 1.5, 4, 1.5, 5 }, Sensitivity.Ranks([3, 1, 4, 1, 5]));
        // Three-way tie: ranks 2, 3, 4 → 3.
        Assert.Equal(new[] { 1, 3.0, 3, 3, 5 }, Sensitivity.Ranks([-7, 2, 2, 2, 9]));
        Assert.Equal(new[] { 2.0, 2, 2 }, Sensitivity.Ranks([0.5, 0.5, 0.5]));
        Assert.Equal(new[] { 1.0 }, Sensitivity.Ranks([42]));
        // Pearson of ranks is null for a constant side.
        Assert.Null(Sensitivity.Pearson([1, 2, 3], [2, 2, 2]));
        Assert.Equal(-1.0, Sensitivity.Pearson([1, 2, 3], [3, 2, 1])!.Value, 14);
    }
}
