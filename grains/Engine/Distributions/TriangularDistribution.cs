namespace ScenarioGrid.Engine.Distributions;

public sealed class TriangularDistribution : Distribution
{
    public double A { get; }
    public double M { get; }
    public double B { get; }
    private readonly double _modeCdf;

    /// <exception cref="ArgumentException">unless a &lt;= m &lt;= b and a &lt; b.</exception>
    public TriangularDistribution(double a, double m, double b)
    {
        if (!(a <= m && m <= b && a < b)) throw new ArgumentException("triangular needs a <= m <= b and a < b");
        A = a; M = m; B = b;
        _modeCdf = (m - a) / (b - a);
    }

    public override double Quantile(double u) => u < _modeCdf
        ? A + Math.Sqrt(u * (B - A) * (M - A))
        : B - Math.Sqrt((1 - u) * (B - A) * (B - M));

    /// <summary>The same formula as <see cref="Quantile"/>, without a virtual call per trial.</summary>
    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int i = 0; i < u.Length; i++) x[i] = Quantile(u[i]);
    }

    public override Support Support => Support.Closed(A, B);
    public override string Kind => "triangular";
    public override IReadOnlyList<double> Arguments => [A, M, B];
    public override string Describe() => "{triangular: " + Format.List(A, M, B) + "}";
}
