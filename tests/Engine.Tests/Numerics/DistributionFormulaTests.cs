using ScenarioGrid.Engine.Distributions;

namespace ScenarioGrid.Engine.Tests.Numerics;

/// <summary>
/// Each distribution form at several u against values worked by hand from the formulas of model-spec
/// section 3 (the arithmetic is written out; Φ⁻¹ values are 20-digit literals from multiple precision).
/// </summary>
public class DistributionFormulaTests
{
    private static void Close(double expected, double actual, double relTol = 1e-14) =>
        Assert.True(Math.Abs(actual - expected) <= relTol * Math.Max(1.0, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Uniform_follows_the_spec_formula()
    {
        var d = new UniformDistribution(2, 10);
        Close(2 + 0.25 * 8, d.Quantile(0.25));         // 4
        Close(2 + 0.5 * 8, d.Quantile(0.5));           // 6
        Close(2 + 0.9 * 8, d.Quantile(0.9));           // 9.2
        Assert.Equal(5.0, new UniformDistribution(5, 5).Quantile(0.7));
    }

    [Fact]
    public void Triangular_follows_the_spec_formula()
    {
        // a = 1, m = 3, b = 7: F = (3 − 1)/(7 − 1) = 1/3.
        var d = new TriangularDistribution(1, 3, 7);
        Close(2.549193338482967, d.Quantile(0.2));    // u < F: 1 + sqrt(0.2·6·2) = 1 + sqrt(2.4)
        Close(3.5358983848622456, d.Quantile(0.5));   // 7 − sqrt(0.5·6·4) = 7 − sqrt(12)
        Close(2.095445115010332, d.Quantile(0.1));    // 1 + sqrt(0.1·6·2) = 1 + sqrt(1.2)
        Close(7 - Math.Sqrt(0.1 * 6 * 4), d.Quantile(0.9)); // 7 − sqrt(2.4) = 5.450806661517033
        Close(5.450806661517033, d.Quantile(0.9));
        // m = a: F = 0, always the upper branch: 7 − sqrt((1 − u)·6·6); u = 0.75 → 7 − 3 = 4.
        Close(4.0, new TriangularDistribution(1, 1, 7).Quantile(0.75));
    }

    [Fact]
    public void Pert_follows_the_spec_formula()
    {
        // (10, 10, 20): α = 1 + 4·0/10 = 1, β = 1 + 4·10/10 = 5; Beta(1, 5) has I_x = 1 − (1 − x)^5, so
        // x = 1 − (1 − u)^(1/5); u = 0.5: 10 + 10·(1 − 0.5^0.2) = 10 + 10·0.12944943670387588 = 11.294494367038759.
        var d = new PertDistribution(10, 10, 20);
        Assert.Equal(1.0, d.Alpha);
        Assert.Equal(5.0, d.Beta);
        Close(11.294494367038759, d.Quantile(0.5), 1e-12);
        // u = 0.9: 1 − 0.1^0.2 = 0.36904265551980678; 10 + 3.6904265551980678.
        Close(13.690426555198068, d.Quantile(0.9), 1e-12);
        // (0, 5, 10): α = β = 3, symmetric: the median is the mode 5.
        Close(5.0, new PertDistribution(0, 5, 10).Quantile(0.5), 1e-12);
        // (120, 195, 260) from the spec: α = 1 + 4·75/140 = 3.142857142857143, β = 1 + 4·65/140 = 2.857142857142857;
        // 50-digit Beta quantiles 0.2686763085000865 (u = 0.1), 0.7747104793377433 (u = 0.9) times 140 plus 120.
        var s = new PertDistribution(120, 195, 260);
        Close(3.142857142857143, s.Alpha);
        Close(2.857142857142857, s.Beta);
        Close(157.6146831900121155884, s.Quantile(0.1), 1e-12);
        Close(228.4594671072840645353, s.Quantile(0.9), 1e-12);
        Close(120.0104069038944918664, s.Quantile(1e-12), 1e-12);
        Close(259.9563471332069996621, s.Quantile(0.999999999), 1e-12);
        // Spec tolerance 1e−7·(b − a); we hold far tighter. (100, 150, 300): Beta(2, 4).
        var t = new PertDistribution(100, 150, 300);
        Close(162.7620340911394885972, t.Quantile(0.5), 1e-12);
        Close(100.0000632455732033787, t.Quantile(1e-12), 1e-12);
    }

    [Fact]
    public void Normal_follows_the_spec_formula()
    {
        // mu + sigma·Φ⁻¹(u); Φ⁻¹(0.975) = 1.9599639845400538556: 100 + 15·1.95996… = 129.39945976810080783.
        var d = new NormalDistribution(100, 15);
        Close(129.39945976810080783, d.Quantile(0.975));
        Close(100.0, d.Quantile(0.5));
        Close(100 - 15 * 1.9599639845400542118, d.Quantile(0.025));
    }

    [Fact]
    public void Truncated_normal_follows_the_spec_formula()
    {
        // min 0 only: α = 0, β = ∞: Φ⁻¹(0.5 + u·0.5); u = 0.5 → Φ⁻¹(0.75) = 0.6744897501960817432.
        var d = new NormalDistribution(0, 1, min: 0);
        Close(0.6744897501960817432, d.Quantile(0.5));
        // mu 10, sigma 2, [8, 14]: α = −1, β = 2: Φ⁻¹(Φ(−1) + 0.3(Φ(2) − Φ(−1))) = −0.24240381788922682623.
        var e = new NormalDistribution(10, 2, 8, 14);
        Close(10 + 2 * -0.24240381788922682623, e.Quantile(0.3), 1e-13);
        // mu 0, sigma 1, [8, 9]: upper tail, value 8.0848888990181664333 at u = 0.5 (50-digit arithmetic).
        Close(8.0848888990181664333, new NormalDistribution(0, 1, 8, 9).Quantile(0.5), 1e-13);
        // [10σ, 11σ]: Φ(10) and Φ(11) both round to 1.0, yet the interval has probability 7.6e−24 and draws
        // come from the upper-tail masses: Φ⁻¹ targets from 50-digit arithmetic.
        var g = new NormalDistribution(0, 1, 10, 11);
        Close(10.06840936954761863211, g.Quantile(0.5), 1e-13);
        Close(10.01042809447218219629, g.Quantile(0.1), 1e-13);
        Close(10.22550494937669838777, g.Quantile(0.9), 1e-13);
        Close(-10.06840936954761863211, new NormalDistribution(0, 1, -11, -10).Quantile(0.5), 1e-13);
        Assert.Throws<ArgumentException>(() => new NormalDistribution(0, 1, 40, 41));
        // Never outside the closed support.
        var f = new NormalDistribution(0, 1, 1, 1.0000001);
        foreach (double u in new[] { 1.1102230246251565e-16, 0.5, 0.9999999999999999 })
            Assert.InRange(f.Quantile(u), 1.0, 1.0000001);
    }

    [Fact]
    public void Lognormal_follows_the_spec_formula()
    {
        // exp(ln 2 + 0.5·Φ⁻¹(0.975)) = 2·exp(0.5·1.9599639845400538556) = 5.3288165231057950709.
        var d = new LognormalDistribution(2, 0.5);
        Close(5.3288165231057950709, d.Quantile(0.975));
        Close(2.0, d.Quantile(0.5));
        // exp(ln 2 − 0.5·1.9599639845400542118) = 2/2.6644082615528976 = 0.75063...
        Close(2 * Math.Exp(-0.5 * 1.9599639845400542118), d.Quantile(0.025));
        Assert.Equal(3.0, new LognormalDistribution(3, 0).Quantile(0.9), 14);
    }

    [Fact]
    public void Discrete_follows_the_cumulative_rule()
    {
        // Values sorted ascending: 1 (0.2), 2 (0.3), 3 (0.5); running sums in double 0.2, 0.5, 1.0
        // (0.2 + 0.3 rounds to exactly 0.5).
        var d = new DiscreteDistribution([(3, 0.5), (1, 0.2), (2, 0.3)]);
        Assert.Equal(1.0, d.Quantile(1e-9));
        Assert.Equal(1.0, d.Quantile(0.2));                  // u equal to the cumulative sum: that value
        Assert.Equal(2.0, d.Quantile(Math.BitIncrement(0.2)));
        Assert.Equal(2.0, d.Quantile(0.5));                  // exactly 0.2 + 0.3
        Assert.Equal(3.0, d.Quantile(Math.BitIncrement(0.5)));
        Assert.Equal(3.0, d.Quantile(0.9999999999999999));
        // Sums short of 1 within the ±1e−9 tolerance: 0.5 + 0.4999999999 = 0.9999999999 < u → the last value.
        var e = new DiscreteDistribution([(10, 0.5), (20, 0.4999999999)]);
        Assert.Equal(20.0, e.Quantile(0.99999999995));
        Assert.Equal(10.0, e.Quantile(0.5));
    }

    [Fact]
    public void Percentiles_metalog_reproduces_its_percentiles()
    {
        // p10 = 10, p50 = 20, p90 = 40: a2 = 30/(2 ln 9), a3 = (40 + 10 − 40)/(0.8 ln 9) = 10/(0.8 ln 9).
        var d = new PercentilesDistribution(10, 20, 40);
        Close(10, d.Quantile(0.1));
        Close(20, d.Quantile(0.5));
        Close(40, d.Quantile(0.9));
        // u = 0.25: ℓ = ln(1/3) = −½·ln 9, so x = 20 + 15·(−½) + 12.5·(−0.25)·(−½) = 20 − 7.5 + 1.5625.
        Close(14.0625, d.Quantile(0.25));
        // u = 0.75: ℓ = ½·ln 9: 20 + 7.5 + 12.5·0.25·0.5 = 29.0625.
        Close(29.0625, d.Quantile(0.75));
    }

    [Fact]
    public void Percentiles_with_lower_bound()
    {
        // lowerBound 5: the metalog of ln(x − 5) through ln 5, ln 15, ln 35, then 5 + exp(·).
        var d = new PercentilesDistribution(10, 20, 40, lowerBound: 5);
        Close(10, d.Quantile(0.1));
        Close(20, d.Quantile(0.5));
        Close(40, d.Quantile(0.9));
        // u = 0.25: ln15 + (ln35 − ln5)/(2 ln9)·(−½ ln9) + (ln35 + ln5 − 2 ln15)/(0.8 ln9)·(−0.25)(−½ ln9)
        //         = ln15 − ¼ ln7 + (5/32)·ln(175/225) = 2.7080502 − 0.4864775 − 0.0392679 = 2.1823048
        double x = Math.Log(15) - 0.25 * Math.Log(7) + 5.0 / 32.0 * Math.Log(175.0 / 225.0);
        Close(5 + Math.Exp(x), d.Quantile(0.25), 1e-13);
        Assert.True(d.Quantile(1e-15) > 5);
    }
}
