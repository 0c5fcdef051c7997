namespace ScenarioGrid.Engine.Distributions;

/// <summary>Beta-PERT with λ = 4: α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a).</summary>
public sealed class PertDistribution : Distribution
{
    public double A { get; }
    public double M { get; }
    public double B { get; }
    public double Alpha { get; }
    public double Beta { get; }
    private readonly BetaQuantile _beta;

    /// <exception cref="ArgumentException">unless a &lt;= m &lt;= b and a &lt; b.</exception>
    public PertDistribution(double a, double m, double b)
    {
        if (!(a <= m && m <= b && a < b)) throw new ArgumentException("pert needs a <= m <= b and a < b");
        A = a; M = m; B = b;
        Alpha = 1 + 4 * (m - a) / (b - a);
        Beta = 1 + 4 * (b - m) / (b - a);
        _beta = BetaQuantile.For(Alpha, Beta);
    }

    public override double Quantile(double u) => A + (B - A) * _beta.Quantile(u);

    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        _beta.Quantiles(u, x);
        double a = A, width = B - A;
        for (int i = 0; i < u.Length; i++) x[i] = a + width * x[i];
    }
    public override Support Support => Support.Closed(A, B);
    public override string Kind => "pert";
    public override IReadOnlyList<double> Arguments => [A, M, B];
    public override string Describe() => "{pert: " + Format.List(A, M, B) + "}";
}
