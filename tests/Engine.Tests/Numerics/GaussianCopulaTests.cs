using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Random;
using Xunit.Abstractions;

namespace ScenarioGrid.Engine.Tests.Numerics;

public class GaussianCopulaTests(ITestOutputHelper output)
{
    [Fact]
    public void Cholesky_of_a_known_matrix()
    {
        var a = new double[,] { { 1, 0.5, 0.3 }, { 0.5, 1, 0.2 }, { 0.3, 0.2, 1 } };
        Assert.True(GaussianCopula.TryCholesky(a, out var l));
        // By hand: L00 = 1, L10 = 0.5, L20 = 0.3; L11 = sqrt(1 − 0.25) = 0.8660254037844386;
        // L21 = (0.2 − 0.3·0.5)/L11 = 0.05/0.8660254037844386 = 0.05773502691896258;
        // L22 = sqrt(1 − 0.09 − L21²) = sqrt(0.9066666666666666) = 0.9521904571390467.
        var expected = new double[,]
        {
            { 1, 0, 0 },
            { 0.5, 0.8660254037844386, 0 },
            { 0.3, 0.05773502691896258, 0.9521904571390467 },
        };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.True(Math.Abs(l[i, j] - expected[i, j]) <= 1e-15, $"L[{i},{j}] = {l[i, j]:R}");
        // And L·Lᵀ gives back A.
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += l[i, k] * l[j, k];
                Assert.True(Math.Abs(s - a[i, j]) <= 1e-15);
            }
    }

    [Fact]
    public void Non_positive_definite_is_rejected()
    {
        // Pairwise plausible but jointly impossible: a~b 0.9, b~c 0.9, a~c −0.9.
        var m = new double[,] { { 1, 0.9, -0.9 }, { 0.9, 1, 0.9 }, { -0.9, 0.9, 1 } };
        Assert.False(GaussianCopula.TryCholesky(m, out _));
        string[] paths = ["globals.lithiumPriceIndex", "regions.CN.wacc", "routes.oxide.learning.processRate"];
        var ex = Assert.Throws<ArgumentException>(() => new GaussianCopula(paths, [(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)]));
        Assert.Equal("correlation matrix of [globals.lithiumPriceIndex, regions.CN.wacc, routes.oxide.learning.processRate] is not positive definite",
            ex.Message);
        // Singular (a pivot of 0) is not positive definite either.
        Assert.False(GaussianCopula.TryCholesky(new double[,] { { 1, 1 }, { 1, 1 } }, out _));
        // A pivot just above the tolerance is accepted, at or below it rejected.
        Assert.True(GaussianCopula.TryCholesky(new double[,] { { 1, 0 }, { 0, 2e-12 } }, out _));
        Assert.False(GaussianCopula.TryCholesky(new double[,] { { 1, 0 }, { 0, 1e-12 } }, out _));
    }

    [Fact]
    public void Bad_pairs_are_rejected()
    {
        string[] p = ["a", "b"];
        Assert.Throws<ArgumentException>(() => new GaussianCopula(p, [(0, 0, 0.5)]));
        Assert.Throws<ArgumentException>(() => new GaussianCopula(p, [(0, 1, 1.0)]));
        Assert.Throws<ArgumentException>(() => new GaussianCopula(p, [(0, 2, 0.5)]));
        Assert.Throws<ArgumentException>(() => new GaussianCopula(p, [(0, 1, 0.5), (1, 0, 0.4)]));
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    [Fact]
    public void Empirical_correlation_of_normal_scores_matches_rho()
    {
        const int trials = 200_000;
        string[] paths = ["globals.lithiumPriceIndex", "routes.oxide.learning.processRate",
            "routes.sulfide.learning.processRate", "routes.sulfide.materials.electrolyte.usdPerKg"];
        (int, int, double)[] pairs = [(0, 1, 0.5), (1, 2, -0.3), (2, 3, 0.8), (0, 3, 0.2)];
        var copula = new GaussianCopula(paths, pairs);
        var columns = paths.Select(p =>
        {
            var u = new double[trials];
            CounterRng.Uniforms(CounterRng.Stream(20261125, p), 0, u);
            return u;
        }).ToArray();
        var original = columns.Select(c => (double[])c.Clone()).ToArray();
        copula.TransformColumns(columns, trials);

        var z = columns.Select(c => c.Select(NormalMath.InverseCdf).ToArray()).ToArray();
        var rho = new double[4, 4];
        foreach (var (i, j, r) in pairs) rho[i, j] = r;
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++)
            {
                double target = rho[i, j] + rho[j, i];
                double c = Correlation(z[i], z[j]);
                output.WriteLine($"{paths[i]} ~ {paths[j]}: rho {target}, empirical {c:F4}");
                Assert.True(Math.Abs(c - target) < 0.01, $"({i},{j}) rho {target}, empirical {c}");
            }

        // The first parameter in set order has C row [1]: its uniform only round-trips through Φ(Φ⁻¹(u)).
        for (int t = 0; t < trials; t++)
            Assert.True(Math.Abs(columns[0][t] - original[0][t]) <= 1e-14 * Math.Min(original[0][t], 1 - original[0][t]) + 1e-16);
    }

    [Fact]
    public void Parameter_with_zero_correlation_keeps_its_uniform()
    {
        // "c" is in the set through a pair with rho 0: its row of C is [0, 0, 1], so u' = Φ(Φ⁻¹(u)) = u
        // up to rounding, and it stays independent of the others.
        string[] paths = ["a", "b", "c"];
        var copula = new GaussianCopula(paths, [(0, 1, 0.7), (1, 2, 0.0)]);
        Assert.Equal(new double[] { 0, 0, 1 }, new[] { copula.Cholesky[2, 0], copula.Cholesky[2, 1], copula.Cholesky[2, 2] });
        var u = new double[3];
        for (long t = 0; t < 20_000; t++)
        {
            u[0] = CounterRng.Uniform(1, t); u[1] = CounterRng.Uniform(2, t); u[2] = CounterRng.Uniform(3, t);
            double before = u[2];
            copula.Transform(u);
            Assert.True(Math.Abs(u[2] - before) <= 1e-14 * Math.Min(before, 1 - before) + 1e-16, $"trial {t}");
        }
    }

    [Fact]
    public void Transform_columns_equals_transform_per_trial_bit_for_bit()
    {
        string[] paths = ["p0", "p1", "p2", "p3", "p4"];
        var copula = new GaussianCopula(paths, [(0, 1, 0.6), (0, 4, -0.2), (2, 3, 0.45), (1, 3, 0.1), (3, 4, -0.35)]);
        const int count = 1237;
        var columns = paths.Select((p, k) =>
        {
            var c = new double[count + 3]; // longer than count: the tail must stay untouched
            CounterRng.Uniforms((ulong)k * 977, 50, c);
            return c;
        }).ToArray();
        var copy = columns.Select(c => (double[])c.Clone()).ToArray();
        copula.TransformColumns(columns, count);
        var u = new double[paths.Length];
        for (int t = 0; t < count + 3; t++)
        {
            for (int k = 0; k < u.Length; k++) u[k] = copy[k][t];
            if (t < count) copula.Transform(u);
            for (int k = 0; k < u.Length; k++) Assert.Equal(u[k], columns[k][t]);
        }
    }

    [Fact]
    public void Transform_follows_the_spec_formula_and_clamps()
    {
        var copula = new GaussianCopula(["a", "b"], [(0, 1, 0.99)]);
        double c10 = 0.99, c11 = Math.Sqrt(1 - 0.99 * 0.99);
        var u = new[] { 0.3, 0.8 };
        double z0 = NormalMath.InverseCdf(0.3), z1 = NormalMath.InverseCdf(0.8);
        copula.Transform(u);
        Assert.Equal(NormalMath.Cdf(1.0 * z0), u[0]);
        Assert.Equal(NormalMath.Cdf(c10 * z0 + c11 * z1), u[1], 15);
        // Both at 1 − 2^-53: z' = 0.99·8.21 + 0.14·8.21 ≈ 9.3 gives Φ = 1, clamped to 1 − 2^-53.
        var hi = new[] { 0.9999999999999999, 0.9999999999999999 };
        copula.Transform(hi);
        Assert.Equal(GaussianCopula.MaxUniform, hi[1]);
        Assert.Equal(GaussianCopula.MaxUniform, 1 - Math.ScaleB(1, -53));
        var lo = new[] { 1.1102230246251565e-16, 1.1102230246251565e-16 };
        copula.Transform(lo);
        Assert.Equal(GaussianCopula.MinUniform, lo[1]);
        Assert.Equal(GaussianCopula.MinUniform, Math.ScaleB(1, -53));
    }
}
