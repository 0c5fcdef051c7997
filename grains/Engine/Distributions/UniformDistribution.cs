namespace ScenarioGrid.Engine.Distributions;

public sealed class UniformDistribution : Distribution
{
    public double A { get; }
    public double B { get; }

    /// <exception cref="ArgumentException">when a &gt; b (the message is the broken rule).</exception>
    public UniformDistribution(double a, double b)
    {
        if (!(a <= b)) throw new ArgumentException("uniform needs a <= b");
        A = a; B = b;
    }

    public override double Quantile(double u) => A + u * (B - A);

    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        double a = A, width = B - A;
        for (int i = 0; i < u.Length; i++) x[i] = a + u[i] * width;
    }
    public override Support Support => Support.Closed(A, B);
    public override string Kind => "uniform";
    public override IReadOnlyList<double> Arguments => [A, B];
    public override string Describe() => "{uniform: " + Format.List(A, B) + "}";
}
