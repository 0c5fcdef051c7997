using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Random;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>
/// Model-spec section 5: milestone shares and nearest-rank year percentiles (k = ceil(pct·N/100) in
/// integer arithmetic, never = +∞), and paired comparisons over the trials where both sides are defined.
/// </summary>
public class MilestoneAndComparisonTests
{
    private static readonly int[] Years4 = [2025, 2026, 2027, 2028];

    [Fact]
    public void Milestone_of_a_hand_histogram()
    {
        // N = 10: reached in 2025 by 1 trial, 2026 by 2, 2027 by 0, 2028 by 3; 4 never (last slot).
        var m = ResultBuilder.MilestoneOf("route:x", Milestone.Parity, [1, 2, 0, 3, 4], Years4, 10);
        Assert.Equal("route:x", m.Entity);
        Assert.Equal("parity", m.Milestone);
        Assert.Equal(new[] { 0.1, 0.3, 0.3, 0.6 }, m.ProbabilityByYear.Select(p => p.Probability));
        Assert.Equal(Years4, m.ProbabilityByYear.Select(p => p.Year));
        Assert.Equal(0.6, m.ProbabilityByEnd);
        Assert.Equal(2025, m.P10); // k = ceil(10·10/100) = 1: the 1st smallest year
        Assert.Equal(2028, m.P50); // k = 5: cumulative 1, 3, 3, 6 reaches 5 in the 4th year
        Assert.Null(m.P90);        // k = 9 > 6 reached: the 9th smallest is "never"
    }

    [Fact]
    public void Nearest_rank_uses_ceiling_in_integer_arithmetic()
    {
        // N = 3: k(p10) = ceil(30/100) = 1, k(p50) = ceil(150/100) = 2, k(p90) = ceil(270/100) = 3.
        var m = ResultBuilder.MilestoneOf("route:x", Milestone.FirstOutput, [1, 0, 1, 0, 1], Years4, 3);
        Assert.Equal(2025, m.P10);
        Assert.Equal(2027, m.P50);
        Assert.Null(m.P90);
        Assert.Equal(new[] { 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0 }, m.ProbabilityByYear.Select(p => p.Probability));

        // N = 20, k(p50) = 10 exactly: the year where the cumulative count hits 10 (not the next one).
        var exact = ResultBuilder.MilestoneOf("route:x", Milestone.MassProduction, [4, 6, 5, 0, 5], Years4, 20);
        Assert.Equal(2025, exact.P10); // k = 2
        Assert.Equal(2026, exact.P50); // k = 10: 4, 10
        Assert.Null(exact.P90);        // k = 18 > 15 reached

        // N = 1: every percentile is that trial's year.
        var one = ResultBuilder.MilestoneOf("route:x", Milestone.CostThreshold, [0, 0, 1, 0, 0], Years4, 1);
        Assert.Equal((2027, 2027, 2027), (one.P10!.Value, one.P50!.Value, one.P90!.Value));

        // All reached in the first year.
        var all = ResultBuilder.MilestoneOf("route:x", Milestone.CostThreshold, [7, 0, 0, 0, 0], Years4, 7);
        Assert.Equal((2025, 2025, 2025), (all.P10!.Value, all.P50!.Value, all.P90!.Value));
        Assert.Equal(1.0, all.ProbabilityByEnd);

        // None reached.
        var none = ResultBuilder.MilestoneOf("route:x", Milestone.CostThreshold, [0, 0, 0, 0, 9], Years4, 9);
        Assert.Equal(0.0, none.ProbabilityByEnd);
        Assert.Null(none.P10);
    }

    // ---- engine: a comparison whose answer is analytic -------------------------------------------

    private const ulong Seed = 4242;

    private static Scenario UniformVersusFixed() => new TestScenario("cmp", 2025, 2025)
        .Region("R")
        .Route("r", [TestMaterial.Mass("m", 1, 10)])
        .Plant("a", "r", "R", 2025, [(2025, new UniformDistribution(0, 2))])
        .Plant("b", "r", "R", 2025, [(2025, 1)])
        .Compare("plant:a", "plant:b", "capacityGWh")
        .Build();

    [Fact]
    public void Uniform_capacity_against_a_fixed_one()
    {
        const int n = 100_000;
        var c = WorkedExampleTests.Run(UniformVersusFixed(), n, 4096, Seed).Comparison("plant:a", "plant:b", "capacityGWh", 2025);
        Assert.Equal(n, c.Count);

        // a − b = 2u − 1 ~ uniform(−1, 1): P(a < b) = ½, mean 0, sd 1/√3, quantiles 2q − 1.
        double se = 1 / Math.Sqrt(3) / Math.Sqrt(n);
        Assert.True(Math.Abs(c.DeltaMean!.Value) < 4 * se, $"deltaMean {c.DeltaMean} (SE {se})");
        Assert.True(Math.Abs(c.ProbabilityALessThanB!.Value - 0.5) < 4 * Math.Sqrt(0.25 / n));

        // Exactly: a < b ⇔ 2u < 1 ⇔ u < ½ with the plant's own uniforms.
        var stream = CounterRng.Stream(Seed, "plants.a.capacity.0.gwh");
        long less = Enumerable.Range(0, n).LongCount(k => CounterRng.Uniform(stream, k) < 0.5);
        Assert.Equal((double)less / n, c.ProbabilityALessThanB);

        // Quantile q of a − b is 2q − 1; tolerance: the sketch's 0.5 % plus 4 SE of a sample quantile
        // (sqrt(q(1−q)/n)/density, density ½).
        foreach (var (q, estimate) in new[] { (0.1, c.DeltaP10), (0.5, c.DeltaP50), (0.9, c.DeltaP90) })
        {
            double exact = 2 * q - 1;
            double tolerance = Math.Max(0.005 * Math.Abs(exact), 1e-6) + 4 * Math.Sqrt(q * (1 - q) / n) / 0.5;
            Assert.True(Math.Abs(estimate!.Value - exact) < tolerance, $"delta p{q * 100}: {estimate} vs {exact}");
        }
    }

    // ---- engine: comparison with a side undefined in some trials ---------------------------------

    /// <summary>
    /// Two identical routes and regions except the subsidy (10 for c, 0 for d), so when both plants run at the
    /// same age their costs differ by exactly 10. Plant c: delay {0: 0.3, 2: 0.7}; plant d: delay {0: 0.6, 1: 0.4}.
    /// </summary>
    private static Scenario DelayedPair() => new TestScenario("delayed", 2025, 2027)
        .Targets(costThreshold: 1000, massProduction: 100)
        .Region("RC", subsidy: 10)
        .Region("RD", subsidy: 0)
        .Route("rc", [TestMaterial.Mass("m", 1, 50)], yieldTau: 1, rampTau: 1)
        .Route("rd", [TestMaterial.Mass("m", 1, 50)], yieldTau: 1, rampTau: 1)
        .Plant("c", "rc", "RC", 2025, [(2025, 1)], delay: new DiscreteDistribution([(0, 0.3), (2, 0.7)]))
        .Plant("d", "rd", "RD", 2025, [(2025, 1)], delay: new DiscreteDistribution([(0, 0.6), (1, 0.4)]))
        .Compare("plant:c", "plant:d", "costUsdPerKWh")
        .Compare("route:rc", "benchmark", "costUsdPerKWh")
        .Build();

    [Fact]
    public void Comparison_counts_only_trials_where_both_sides_are_defined()
    {
        const int n = 50_000;
        var r = WorkedExampleTests.Run(DelayedPair(), n, 1000, Seed);

        // Independently: the discrete rule gives delay 0 exactly when u ≤ 0.3 (c) or u ≤ 0.6 (d).
        var sc = CounterRng.Stream(Seed, "plants.c.sopDelayYears");
        var sd = CounterRng.Stream(Seed, "plants.d.sopDelayYears");
        var cOnTime = Enumerable.Range(0, n).Select(k => CounterRng.Uniform(sc, k) <= 0.3).ToArray();
        var dOnTime = Enumerable.Range(0, n).Select(k => CounterRng.Uniform(sd, k) <= 0.6).ToArray();
        long both2025 = Enumerable.Range(0, n).LongCount(k => cOnTime[k] && dOnTime[k]);
        long c2026 = cOnTime.LongCount(x => x); // d always runs by 2026 (delay ≤ 1)

        var y2025 = r.Comparison("plant:c", "plant:d", "costUsdPerKWh", 2025);
        var y2026 = r.Comparison("plant:c", "plant:d", "costUsdPerKWh", 2026);
        var y2027 = r.Comparison("plant:c", "plant:d", "costUsdPerKWh", 2027);
        Assert.Equal(both2025, y2025.Count);
        Assert.Equal(c2026, y2026.Count);
        Assert.Equal(n, y2027.Count);
        // And those counts are what the probabilities of activity predict: 0.3·0.6 and 0.3.
        Assert.True(Math.Abs(both2025 - 0.18 * n) < 4 * Math.Sqrt(0.18 * 0.82 * n));
        Assert.True(Math.Abs(c2026 - 0.3 * n) < 4 * Math.Sqrt(0.3 * 0.7 * n));
        // The series of each side count their own defined trials.
        Assert.Equal(c2026, r.Series("plant:c", "costUsdPerKWh", 2025).Count);
        Assert.Equal(dOnTime.LongCount(x => x), r.Series("plant:d", "costUsdPerKWh", 2025).Count);

        // 2025, both on time: same age, same everything but the subsidy: c − d = −10 in every counted trial.
        Assert.Equal(1.0, y2025.ProbabilityALessThanB);
        Assert.Equal(-10, y2025.DeltaMean!.Value, 9);
        Assert.Equal(-10, y2025.DeltaP50!.Value, 9);

        // Benchmark side: always defined, so the count is route:rc's.
        Assert.Equal(c2026, r.Comparison("route:rc", "benchmark", "costUsdPerKWh", 2025).Count);
    }

    [Fact]
    public void Milestone_shares_follow_the_probability_of_activity()
    {
        const int n = 50_000;
        var r = WorkedExampleTests.Run(DelayedPair(), n, 1000, Seed);
        var sc = CounterRng.Stream(Seed, "plants.c.sopDelayYears");
        long onTime = Enumerable.Range(0, n).LongCount(k => CounterRng.Uniform(sc, k) <= 0.3);

        // route:rc first produces in 2025 (delay 0) or 2027 (delay 2).
        var first = r.Milestone("route:rc", "firstOutput");
        Assert.Equal(new[] { (double)onTime / n, (double)onTime / n, 1.0 }, first.ProbabilityByYear.Select(p => p.Probability));
        Assert.Equal(1.0, first.ProbabilityByEnd);
        Assert.Equal(2025, first.P10); // ~30 % on time ≥ 10 %
        Assert.Equal(2027, first.P50);
        Assert.Equal(2027, first.P90);
        // Cost threshold 1000 is met whenever it produces; mass production of 100 GWh never.
        Assert.Equal(first.ProbabilityByYear.Select(p => p.Probability),
            r.Milestone("route:rc", "costThreshold").ProbabilityByYear.Select(p => p.Probability));
        var mass = r.Milestone("route:rc", "massProduction");
        Assert.Equal(0.0, mass.ProbabilityByEnd);
        Assert.Null(mass.P10);
    }
}
