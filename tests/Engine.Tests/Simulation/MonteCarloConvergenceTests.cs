using MathNet.Numerics.Distributions;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Results;

namespace ScenarioGrid.Engine.Tests.Simulation;

/// <summary>
/// A scenario whose plant cost in T0 is linear in independent uncertain inputs, so its mean and standard
/// deviation follow from the textbook moments of each form; the Monte Carlo estimate must agree within
/// 4 standard errors.
/// </summary>
/// <remarks>
/// One plant, ramp τ 0 and yield τ 0: u = 0.9 and y = 0.9 are fixed; in T0 the learning factors are 1.
/// cost = (1.5·Pc + 0.6·Pe + 20·(1 − ½ + ½λ))/y + 20·el/y + 0.2·w/y + C·CRF/(u·y) + (0.03·C + 4)/(u·y) − s,
/// with C = 150, CRF(0.08, 10), and the uncertain inputs
/// Pc ~ triangular(10, 20, 40), Pe ~ PERT(100, 150, 250), λ ~ lognormal(median 1, σ 0.3),
/// el ~ uniform(0.05, 0.15), w ~ normal(20, 5) truncated to [10, 40], s ~ discrete {0: ½, 5: 0.3, 10: 0.2}.
/// </remarks>
public class MonteCarloConvergenceTests
{
    private const int Trials = 200_000;
    private const double U = 0.9, Y = 0.9;

    internal static Scenario Linear() => new TestScenario("linear", 2025, 2025)
        .Lambda(new LognormalDistribution(1.0, 0.3))
        .Region("R", electricity: new UniformDistribution(0.05, 0.15), labor: new NormalDistribution(20, 5, 10, 40),
            capexMultiplier: 1, wacc: 0.08, depreciationYears: 10, fixedOpexRate: 0.03, utilizationMax: U,
            subsidy: new DiscreteDistribution([(0, 0.5), (5, 0.3), (10, 0.2)]))
        .Route("r",
            [
                TestMaterial.Mass("cathode", 1.5, new TriangularDistribution(10, 20, 40)),
                TestMaterial.Mass("electrolyte", 0.6, new PertDistribution(100, 150, 250)),
                TestMaterial.Flat("lithium", 20, share: 0.5),
            ],
            processEnergy: 20, laborHours: 0.2, capex: 150, capexFloor: 0, dryRoom: 4, processRate: 0.15, cumulativeGWh0: 1,
            yieldInitial: 0.6, yieldMature: Y, yieldTau: 0, rampTau: 0)
        .Plant("p", "r", "R", 2025, [(2025, 2)])
        .Build();

    // ---- moments of each input, by their textbook formulas
    private static readonly double MeanPc = (10 + 20 + 40) / 3.0;
    private static readonly double VarPc = (10.0 * 10 + 20 * 20 + 40 * 40 - 10 * 20 - 10 * 40 - 20 * 40) / 18;
    private static readonly double MeanPe = (100 + 4 * 150 + 250) / 6.0;
    private static readonly double VarPe = (MeanPe - 100) * (250 - MeanPe) / 7; // Beta-PERT, λ = 4: (μ−a)(b−μ)/(λ+3)
    private static readonly double MeanLambda = 1.0 * Math.Exp(0.3 * 0.3 / 2);
    private static readonly double VarLambda = (Math.Exp(0.09) - 1) * Math.Exp(0.09);
    private static readonly double MeanEl = (0.05 + 0.15) / 2, VarEl = 0.1 * 0.1 / 12;
    private static readonly double MeanSubsidy = 0 * 0.5 + 5 * 0.3 + 10 * 0.2;
    private static readonly double VarSubsidy = 0 * 0.5 + 25 * 0.3 + 100 * 0.2 - MeanSubsidy * MeanSubsidy;

    /// <summary>Truncated normal N(20, 5²) on [10, 40]: α = −2, β = 4.</summary>
    private static (double Mean, double Var) Wage()
    {
        double mu = 20, sigma = 5, a = (10 - mu) / sigma, b = (40 - mu) / sigma;
        double z = Normal.CDF(0, 1, b) - Normal.CDF(0, 1, a);
        double pa = Normal.PDF(0, 1, a), pb = Normal.PDF(0, 1, b);
        double mean = mu + sigma * (pa - pb) / z;
        double variance = sigma * sigma * (1 + (a * pa - b * pb) / z - Math.Pow((pa - pb) / z, 2));
        return (mean, variance);
    }

    private static double Crf => 0.08 * Math.Pow(1.08, 10) / (Math.Pow(1.08, 10) - 1);

    private static (double Mean, double StdDev) AnalyticCost()
    {
        var (meanW, varW) = Wage();
        double mean = (1.5 * MeanPc + 0.6 * MeanPe + 20 * (0.5 + 0.5 * MeanLambda)) / Y
            + 20 * MeanEl / Y + 0.2 * meanW / Y + 150 * Crf / (U * Y) + (0.03 * 150 + 4) / (U * Y) - MeanSubsidy;
        double variance = Math.Pow(1.5 / Y, 2) * VarPc + Math.Pow(0.6 / Y, 2) * VarPe + Math.Pow(10 / Y, 2) * VarLambda
            + Math.Pow(20 / Y, 2) * VarEl + Math.Pow(0.2 / Y, 2) * varW + VarSubsidy;
        return (mean, Math.Sqrt(variance));
    }

    private static readonly Lazy<BatchResult> Result = new(() => WorkedExampleTests.Run(Linear(), Trials, 4096, 20260101));

    private static void WithinStandardErrors(double analytic, SeriesStatisticsView s, string what)
    {
        double se = s.StdDev / Math.Sqrt(s.Count);
        Assert.True(Math.Abs(s.Mean - analytic) < 4 * se, $"{what}: MC mean {s.Mean:R} vs analytic {analytic:R} (SE {se:G3})");
    }

    private readonly record struct SeriesStatisticsView(long Count, double Mean, double StdDev);

    private static SeriesStatisticsView Get(string metric)
    {
        var s = Result.Value.Series("plant:p", metric, 2025);
        Assert.Equal(Trials, s.Count);
        return new(s.Count, s.Mean!.Value, s.StdDev!.Value);
    }

    [Fact]
    public void The_textbook_moments_are_what_they_should_be()
    {
        Assert.Equal(23.333333333333332, MeanPc, 12);
        Assert.Equal(158.33333333333334, MeanPe, 12);
        Assert.Equal(15.25, VarSubsidy, 12);
        // The truncated-normal mean checked by numerical integration of x·φ over [10, 40].
        double num = 0, den = 0;
        for (int i = 0; i < 300_000; i++)
        {
            double x = 10 + (i + 0.5) * 30.0 / 300_000, w = Normal.PDF(20, 5, x);
            num += x * w; den += w;
        }
        Assert.Equal(num / den, Wage().Mean, 8);
    }

    [Fact]
    public void Mean_cost_converges_to_the_analytic_mean()
    {
        var (mean, _) = AnalyticCost();
        WithinStandardErrors(mean, Get("costUsdPerKWh"), "cost");
        // World is the single plant (G·c/G: equal up to rounding).
        Assert.Equal(Result.Value.Series("plant:p", "costUsdPerKWh", 2025).Mean!.Value,
            Result.Value.Series("world", "costUsdPerKWh", 2025).Mean!.Value, 1e-9);
    }

    [Fact]
    public void Cost_standard_deviation_matches_the_analytic_one()
    {
        var (_, sd) = AnalyticCost();
        var s = Get("costUsdPerKWh");
        Assert.True(Math.Abs(s.StdDev / sd - 1) < 0.02, $"stdDev {s.StdDev:R} vs analytic {sd:R}");
    }

    [Fact]
    public void Every_cost_component_converges_to_its_analytic_mean()
    {
        var (meanW, varW) = Wage();
        WithinStandardErrors((1.5 * MeanPc + 0.6 * MeanPe + 20 * (0.5 + 0.5 * MeanLambda)) / Y, Get("materialsUsdPerKWh"), "materials");
        WithinStandardErrors(20 * MeanEl / Y, Get("energyUsdPerKWh"), "energy");
        WithinStandardErrors(0.2 * meanW / Y, Get("laborUsdPerKWh"), "labour");
        WithinStandardErrors(MeanSubsidy, Get("subsidyUsdPerKWh"), "subsidy");

        // Components with a single input: their spread is that input's, scaled.
        Assert.True(Math.Abs(Get("energyUsdPerKWh").StdDev / (20 / Y * Math.Sqrt(VarEl)) - 1) < 0.02);
        Assert.True(Math.Abs(Get("laborUsdPerKWh").StdDev / (0.2 / Y * Math.Sqrt(varW)) - 1) < 0.02);
        Assert.True(Math.Abs(Get("subsidyUsdPerKWh").StdDev / Math.Sqrt(VarSubsidy) - 1) < 0.02);

        // Fixed components are exactly fixed.
        var capital = Result.Value.Series("plant:p", "capitalUsdPerKWh", 2025);
        Assert.Equal(150 * Crf / (U * Y), capital.Mean!.Value, 9);
        Assert.Equal(capital.Min, capital.Max);
        var output = Result.Value.Series("plant:p", "outputGWh", 2025);
        Assert.Equal(2 * U * Y, output.Min!.Value, 12);
        Assert.Equal(output.Min, output.Max);
    }

    [Fact]
    public void Discrete_subsidy_quantiles_are_its_values()
    {
        // P(s = 0) = 0.5, P(5) = 0.3, P(10) = 0.2: p25 = 0, p75 = 5, p90 = 10 (away from the jumps at 0.5 and 0.8).
        var s = Result.Value.Series("plant:p", "subsidyUsdPerKWh", 2025);
        Assert.Equal(0.0, s.P25);
        Assert.Equal(5.0, s.P75);
        Assert.Equal(10.0, s.P90);
        Assert.Equal(0.0, s.Min);
        Assert.Equal(10.0, s.Max);
    }
}
