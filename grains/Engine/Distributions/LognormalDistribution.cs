namespace ScenarioGrid.Engine.Distributions;

/// <summary><c>exp(ln(median) + sigmaLog·z)</c>; support (0, ∞).</summary>
public sealed class LognormalDistribution : Distribution
{
    public double Median { get; }
    public double SigmaLog { get; }
    private readonly double _logMedian;

    /// <exception cref="ArgumentException">unless median &gt; 0 and sigmaLog &gt;= 0.</exception>
    public LognormalDistribution(double median, double sigmaLog)
    {
        if (!(median > 0)) throw new ArgumentException("lognormal needs median > 0");
        if (!(sigmaLog >= 0)) throw new ArgumentException("lognormal needs sigmaLog >= 0");
        Median = median; SigmaLog = sigmaLog;
        _logMedian = Math.Log(median);
    }

    public override double Quantile(double u) => Math.Exp(_logMedian + SigmaLog * NormalMath.InverseCdf(u));

    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int i = 0; i < u.Length; i++) x[i] = Quantile(u[i]);
    }
    public override Support Support => new(0, double.PositiveInfinity, false, false);
    public override string Kind => "lognormal";
    public override IReadOnlyList<double> Arguments => [Median, SigmaLog];
    public override string Describe() => "{lognormal: " + Format.List(Median, SigmaLog) + "}";
}
