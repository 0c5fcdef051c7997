using MathNet.Numerics.Distributions;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Random;
using Xunit.Abstractions;

namespace ScenarioGrid.Engine.Tests.Numerics;

public class NormalMathTests(ITestOutputHelper output)
{
    private static double Rel(double actual, double expected) =>
        expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);

    // Reference values to 20 significant digits from a 50-digit multiple-precision evaluation of
    // Φ(z) = erfc(−z/√2)/2 at the exact double z (mpmath ncdf), written here as literals.
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.97499999999999998912)]
    [InlineData(-1.959963984540054, 0.025000000000000010876)]
    [InlineData(3.0, 0.99865010196836990547)]
    [InlineData(8.0, 0.9999999999999993779)]
    [InlineData(-5.0, 2.8665157187919391167e-7)]
    [InlineData(-10.0, 7.619853024160526066e-24)]
    [InlineData(-20.0, 2.7536241186062336951e-89)]
    [InlineData(-30.0, 4.9067139271481870595e-198)]
    [InlineData(-37.0, 5.7255712225245768227e-300)]
    public void Cdf_matches_hand_values(double z, double expected)
    {
        Assert.True(Rel(NormalMath.Cdf(z), expected) <= 2e-15, $"Φ({z}) = {NormalMath.Cdf(z):R}, expected {expected:R}");
    }

    [Fact]
    public void Cdf_has_the_right_limits()
    {
        Assert.Equal(0.0, NormalMath.Cdf(double.NegativeInfinity));
        Assert.Equal(1.0, NormalMath.Cdf(double.PositiveInfinity));
        Assert.Equal(1.0, NormalMath.Cdf(40));
        Assert.Equal(0.0, NormalMath.Cdf(-40));
        Assert.True(double.IsNaN(NormalMath.Cdf(double.NaN)));
        // Φ(−38) ≈ 2.885e−316 is subnormal: still positive and monotone.
        Assert.InRange(NormalMath.Cdf(-38), 2.8e-316, 2.9e-316);
    }

    [Fact]
    public void Cdf_agrees_with_MathNet()
    {
        // MathNet evaluates erfc(−z/√2) with a rounded argument, which alone costs ~2(z²/2)·1e−16
        // relative; up to |z| = 8 that is below 2e−14. Measured max is reported.
        double max = 0, at = 0;
        for (double z = -8; z <= 8; z += 0.00125)
        {
            double r = Rel(NormalMath.Cdf(z), Normal.CDF(0, 1, z));
            if (r > max) { max = r; at = z; }
        }
        output.WriteLine($"max relative |Φ − MathNet| on [−8, 8]: {max:E3} at z = {at}");
        Assert.True(max < 2e-14, $"max relative difference {max:E3} at z = {at}");
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.9599639845400538556)]
    [InlineData(0.025, -1.9599639845400542118)]
    [InlineData(0.75, 0.6744897501960817432)]
    [InlineData(1e-10, -6.3613409024040561991)]
    [InlineData(1e-20, -9.2623400897984075796)]
    [InlineData(1e-100, -21.273453560965324294)]
    [InlineData(1e-300, -37.047096299361199237)]
    [InlineData(1.1102230246251565e-16, -8.2095361516013868556)] // 2^-53
    [InlineData(0.9999999999999999, 8.2095361516013868556)]      // 1 − 2^-53
    public void InverseCdfMatchesHandValues(double u, double expected)
    {
        double z = NormalMath.InverseCdf(u);
        if (expected == 0) Assert.Equal(0.0, z);
        else Assert.True(Rel(z, expected) <= 1e-15, $"Φ⁻¹({u:R}) = {z:R}, expected {expected:R}");
    }

    [Fact]
    public void Inverse_cdf_of_the_briefs_values()
    {
        Assert.Equal(0.5, NormalMath.Cdf(0));
        Assert.True(Rel(NormalMath.Cdf(1.959963984540054), 0.975) <= 1e-15);
        Assert.True(Rel(NormalMath.InverseCdf(0.975), 1.959963984540054) <= 1e-15);
        Assert.Equal(double.NegativeInfinity, NormalMath.InverseCdf(0));
        Assert.Equal(double.PositiveInfinity, NormalMath.InverseCdf(1));
        Assert.True(double.IsNaN(NormalMath.InverseCdf(-0.1)));
        Assert.True(double.IsNaN(NormalMath.InverseCdf(double.NaN)));
    }

    [Fact]
    public void Inverse_cdf_agrees_with_MathNet_and_round_trips()
    {
        var us = new List<double>();
        var rng = new double[20_000];
        CounterRng.Uniforms(CounterRng.Stream(3, "normal.test"), 0, rng);
        us.AddRange(rng);
        for (int k = 2; k <= 1060; k++) us.Add(Math.ScaleB(1.37, -k));
        for (int k = 2; k <= 53; k++) us.Add(1 - Math.ScaleB(1.0, -k));

        double maxMathNet = 0, maxTrip = 0;
        foreach (double u in us)
        {
            if (!(u > 0 && u < 1)) continue;
            double z = NormalMath.InverseCdf(u);
            double m = Normal.InvCDF(0, 1, u);
            if (Math.Abs(z) > 1e-3) maxMathNet = Math.Max(maxMathNet, Rel(z, m));
            else Assert.True(Math.Abs(z - m) <= 1e-17, $"u = {u:R}");
            // Round trip on the side where u is precise.
            // Φ(z(1 + ε)) = Φ(z)(1 + z²ε) in the lower tail: normalise by 1 + z².
            if (u < 0.5) maxTrip = Math.Max(maxTrip, Rel(NormalMath.Cdf(z), u) / (1 + z * z));
        }
        output.WriteLine($"max relative |Φ⁻¹ − MathNet InvCDF|: {maxMathNet:E3}; max relative |Φ(Φ⁻¹(u)) − u|/(1 + z²), u < ½: {maxTrip:E3}");
        Assert.True(maxMathNet < 1e-14, $"{maxMathNet:E3}");
        Assert.True(maxTrip < 2e-15, $"{maxTrip:E3}");
    }

    [Fact]
    public void Inverse_cdfs_is_the_loop()
    {
        var u = new double[1001];
        CounterRng.Uniforms(99, 0, u);
        var z = new double[u.Length];
        NormalMath.InverseCdfs(u, z);
        for (int i = 0; i < u.Length; i++) Assert.Equal(NormalMath.InverseCdf(u[i]), z[i]);
    }

    /// <summary>The spec's literal formula with MathNet as the independent Φ and Φ⁻¹, and its own rounding slack.</summary>
    private static (double Value, double Slack) Literal(double u, double a, double b)
    {
        double fa = double.IsNegativeInfinity(a) ? 0 : Normal.CDF(0, 1, a);
        double fb = double.IsPositiveInfinity(b) ? 1 : Normal.CDF(0, 1, b);
        double p = fa + u * (fb - fa);
        double z = Normal.InvCDF(0, 1, p);
        // A few ulps of p, mapped through dz = dp/φ(z): what the literal formula cannot resolve.
        double slack = 4 * (Math.BitIncrement(p) - p) / Normal.PDF(0, 1, z);
        return (z, slack);
    }

    private static double Truncated(double u, double a, double b) => NormalMath.TruncatedInverseCdf(u,
        double.IsNegativeInfinity(a) ? 0 : NormalMath.Cdf(a), double.IsPositiveInfinity(b) ? 1 : NormalMath.Cdf(b), a, b);

    [Theory]
    [InlineData(-1.0, 2.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.5)]
    [InlineData(-3.0, -1.0)]
    [InlineData(1.0, 3.0)]
    [InlineData(-0.2, 0.3)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity)]
    public void Truncated_agrees_with_the_literal_formula(double a, double b)
    {
        var u = new double[5000];
        CounterRng.Uniforms(CounterRng.Stream(11, $"trunc.{a}.{b}"), 0, u);
        double max = 0;
        foreach (double x in u.Concat([1e-9, 0.001, 0.5, 0.999, 1 - 1e-9]))
        {
            double z = Truncated(x, a, b);
            var (lit, slack) = Literal(x, a, b);
            Assert.InRange(z, a - 1e-12 * (1 + Math.Abs(a)), b + 1e-12 * (1 + Math.Abs(b)));
            // 1e−9 relative (spec; an absolute floor where the quantile crosses 0), beyond the
            // literal formula's own rounding.
            double err = Math.Abs(z - lit) - slack;
            max = Math.Max(max, err / Math.Max(Math.Abs(lit), 1e-3));
        }
        Assert.True(max < 1e-9, $"[{a}, {b}]: max relative difference from the literal formula {max:E3}");
    }

    // Upper-tail truncations where the literal formula cancels; references from 50-digit arithmetic
    // of Φ⁻¹(Φ(α) + u(Φ(β) − Φ(α))).
    [Theory]
    [InlineData(0.3, -1.0, 2.0, -0.24240381788922682623)]
    [InlineData(0.5, 8.0, 9.0, 8.0848888990181664333)]
    [InlineData(0.25, 8.0, double.PositiveInfinity, 8.0353470359548300288)]
    [InlineData(0.5, -9.0, -8.0, -8.0848888990181664333)]
    [InlineData(0.9999999999999999, -1.0, double.PositiveInfinity, 8.2302545274160014225)]
    [InlineData(1.1102230246251565e-16, 5.0, double.PositiveInfinity, 5.0000000000000000214)]
    public void Truncated_is_stable_in_the_tails(double u, double a, double b, double expected)
    {
        double z = Truncated(u, a, b);
        Assert.True(Rel(z, expected) <= 1e-14, $"u={u:R} [{a}, {b}]: {z:R}, expected {expected:R}");
    }
}
