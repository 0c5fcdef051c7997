using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Random;
using Xunit.Abstractions;

namespace ScenarioGrid.Engine.Tests.Numerics;

/// <summary>
/// The Beta quantile behind PERT. Reference choice: MathNet's <c>Beta.InvCDF</c> (a Brent root search) was
/// found inaccurate away from the centre — e.g. Beta(5, 1) at u = 1e−12 it returns 1.8e−5 where the exact
/// quantile u^(1/5) is 3.98e−3, and at u = 1 − 1e−6 it is off by ~1e−6 — so it is used only for
/// u in [1e−3, 1 − 1e−3]. Everywhere else the quantile x is checked by plugging it into MathNet's
/// <c>SpecialFunctions.BetaRegularized</c>: the implied error (I_x − u)/pdf(x) (on the complementary side
/// for u &gt; ½) must be below 1e−9; plus closed forms for α = 1 or β = 1 and 50-digit literal references.
/// </summary>
public class BetaQuantileTests(ITestOutputHelper output)
{
    private static readonly (double A, double B)[] Shapes =
    [
        (1, 5), (5, 1), (3, 3), (1.4, 4.6), (4.6, 1.4), (2.6, 3.4), (4.2, 1.8), (1.8, 4.2), (2, 4), (1, 1),
        (1.0000001, 4.9999999), (3.142857142857143, 2.857142857142857), (4.8, 1.2), (1.2, 4.8),
    ];

    private static IEnumerable<double> TestUniforms()
    {
        var u = new double[4000];
        CounterRng.Uniforms(CounterRng.Stream(5, "beta.test"), 0, u);
        foreach (double x in u) yield return x;
        for (int k = 2; k <= 53; k++)
        {
            yield return Math.ScaleB(1.0, -k);
            yield return Math.ScaleB(1.3, -k);
            yield return 1 - Math.ScaleB(1.0, -k);
            yield return 1 - Math.ScaleB(1.7, -k);
        }
        foreach (double x in new[] { 1e-300, 1e-100, 1e-20, 1e-12, 1e-9, 1e-6, 1e-3, 0.25, 0.5, 0.75, 1 - 1e-3, 1 - 1e-6, 1 - 1e-9 })
            yield return x;
    }

    /// <summary>(I_x − u)/pdf(x), the first-order distance of x from the exact quantile, via MathNet.</summary>
    private static double ImpliedError(double a, double b, double x, double u)
    {
        if (u <= 0.5)
            return (SpecialFunctions.BetaRegularized(a, b, x) - u) / Beta.PDF(a, b, x);
        // Upper side: 1 − I_x(a, b) = I_{1−x}(b, a), and 1 − u, 1 − x are exact here.
        double y = 1 - x;
        return -(SpecialFunctions.BetaRegularized(b, a, y) - (1 - u)) / Beta.PDF(b, a, y);
    }

    [Fact]
    public void Quantile_is_within_1e9_of_exact_by_MathNet_beta_regularized()
    {
        double worst = 0;
        string where = "";
        foreach (var (a, b) in Shapes)
        {
            var q = BetaQuantile.For(a, b);
            foreach (double u in TestUniforms())
            {
                double x = q.Quantile(u);
                Assert.InRange(x, 0.0, 1.0);
                double e = Math.Abs(ImpliedError(a, b, x, u));
                if (e > worst) { worst = e; where = $"Beta({a}, {b}) at u = {u:R}"; }
            }
        }
        output.WriteLine($"max implied |x − exact| by MathNet BetaRegularized: {worst:E3} ({where})");
        Assert.True(worst < 1e-9, $"{worst:E3} at {where}");
    }

    [Fact]
    public void Quantile_agrees_with_MathNet_inverse_cdf_in_the_centre()
    {
        double worst = 0;
        foreach (var (a, b) in Shapes)
        {
            var q = BetaQuantile.For(a, b);
            foreach (double u in TestUniforms())
            {
                if (u < 1e-3 || u > 1 - 1e-3) continue;
                worst = Math.Max(worst, Math.Abs(q.Quantile(u) - Beta.InvCDF(a, b, u)));
            }
        }
        output.WriteLine($"max |x − MathNet Beta.InvCDF| on [1e-3, 1 − 1e-3]: {worst:E3}");
        Assert.True(worst < 1e-9, $"{worst:E3}");
    }

    [Fact]
    public void Closed_forms_for_alpha_or_beta_one()
    {
        // Beta(a, 1): I_x = x^a, so x = u^(1/a); Beta(1, b): x = 1 − (1 − u)^(1/b) (used where 1 − u is exact).
        double worst = 0;
        foreach (double s in new[] { 1.0, 1.5, 2.0, 3.7, 5.0 })
        {
            var up = BetaQuantile.For(s, 1);
            var down = BetaQuantile.For(1, s);
            foreach (double u in TestUniforms())
            {
                worst = Math.Max(worst, Math.Abs(up.Quantile(u) - Math.Pow(u, 1 / s)));
                if (u >= 0.5) worst = Math.Max(worst, Math.Abs(down.Quantile(u) - (1 - Math.Pow(1 - u, 1 / s))));
            }
        }
        output.WriteLine($"max |x − closed form| for α = 1 or β = 1: {worst:E3}");
        Assert.True(worst < 1e-9, $"{worst:E3}");
    }

    // Exact quantiles from 50-digit arithmetic (mpmath betainc, bisection to 1e−40), for the PERT shapes
    // (a, m, b) = (0, 2, 10) → Beta(1.8, 4.2), (100, 150, 300) → Beta(2, 4), (−5, 4.5, 5) → Beta(4.8, 1.2),
    // (120, 195, 260) → Beta(3.142857142857143, 2.857142857142857), and two more shapes.
    [Theory]
    [InlineData(1.8, 4.2, 1e-12, 6.268514882381162013955e-8)]
    [InlineData(1.8, 4.2, 1e-6, 0.0001350718992688828091243)]
    [InlineData(1.8, 4.2, 0.5, 0.2766722593925188382469)]
    [InlineData(1.8, 4.2, 0.999999999, 0.9948082065079069276361)]
    [InlineData(2.0, 4.0, 1e-12, 3.162278660168932699157e-7)]
    [InlineData(2.0, 4.0, 0.1, 0.1122349585458585624239)]
    [InlineData(2.0, 4.0, 0.9, 0.5838903746195289501809)]
    [InlineData(4.8, 1.2, 1e-12, 0.002895861967262469852256)]
    [InlineData(4.8, 1.2, 0.999999999, 0.999999992998016533503)]
    [InlineData(3.142857142857143, 2.857142857142857, 1e-12, 0.00007433502781779904573771)]
    [InlineData(3.142857142857143, 2.857142857142857, 0.5, 0.5266203407912960370438)]
    [InlineData(2.6, 3.4, 1e-12, 9.6983416975572459634e-6)]
    [InlineData(2.6, 3.4, 0.999999999, 0.99878910488922681143)]
    [InlineData(4.2, 1.8, 1e-6, 0.026982265065439692242)]
    [InlineData(3.0, 3.0, 0.5, 0.5)]
    public void Quantile_matches_multiple_precision_values(double a, double b, double u, double expected)
    {
        double x = BetaQuantile.For(a, b).Quantile(u);
        Assert.True(Math.Abs(x - expected) < 1e-12, $"Beta({a}, {b}) at {u:R}: {x:R}, expected {expected:R}");
    }

    [Fact]
    public void Table_verification_and_exact_routine_agree()
    {
        double worstTable = 0, worstVerified = 0;
        foreach (var (a, b) in Shapes)
        {
            var q = BetaQuantile.For(a, b);
            Assert.Equal(0, q.ExactIntervals);
            worstVerified = Math.Max(worstVerified, q.MaxVerifiedError);
            foreach (double u in TestUniforms())
                worstTable = Math.Max(worstTable, Math.Abs(q.Quantile(u) - q.ExactQuantile(u)));
        }
        output.WriteLine($"max construction-time check error {worstVerified:E3}; max |table − exact routine| {worstTable:E3}");
        Assert.True(worstTable < 1e-11 && worstVerified < 1e-11);
    }

    [Fact]
    public void Instances_are_cached_and_edges_handled()
    {
        Assert.Same(BetaQuantile.For(2.5, 3.5), BetaQuantile.For(2.5, 3.5));
        var q = BetaQuantile.For(2.5, 3.5);
        Assert.Equal(0.0, q.Quantile(0));
        Assert.Equal(1.0, q.Quantile(1));
        Assert.True(q.Quantile(0.3) < q.Quantile(0.3000001));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaQuantile.For(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaQuantile.For(1, double.NaN));
    }

    [Fact]
    public void Quantiles_is_the_loop_and_monotone()
    {
        var q = BetaQuantile.For(1.8, 4.2);
        var u = new double[10_001];
        for (int i = 0; i < u.Length; i++) u[i] = (i + 0.5) / u.Length;
        var x = new double[u.Length];
        q.Quantiles(u, x);
        for (int i = 0; i < u.Length; i++)
        {
            Assert.Equal(q.Quantile(u[i]), x[i]);
            if (i > 0) Assert.True(x[i] > x[i - 1]);
        }
    }
}
