namespace ScenarioGrid.Engine.Distributions;

/// <summary>Normal, optionally truncated to [min, max].</summary>
public sealed class NormalDistribution : Distribution
{
    public double Mu { get; }
    public double Sigma { get; }
    public double? Min { get; }
    public double? Max { get; }
    private readonly double _lowCdf, _highCdf;

    /// <exception cref="ArgumentException">unless sigma &gt; 0, min &lt; max and the interval has probability &gt; 0.</exception>
    public NormalDistribution(double mu, double sigma, double? min = null, double? max = null)
    {
        if (!(sigma > 0)) throw new ArgumentException("normal needs sigma > 0");
        if (min is { } lo && max is { } hi && !(lo < hi)) throw new ArgumentException("normal needs min < max");
        Mu = mu; Sigma = sigma; Min = min; Max = max;
        _lowCdf = min is { } a ? NormalMath.Cdf((a - mu) / sigma) : 0.0;
        _highCdf = max is { } b ? NormalMath.Cdf((b - mu) / sigma) : 1.0;
        // Φ rounds to 1 in the upper tail (Φ(10) == Φ(11) == 1.0): there, compare the upper-tail masses 1 − Φ = Φ(−·).
        if (!(_highCdf > _lowCdf)
            && !(NormalMath.Cdf(max is { } hi2 ? -(hi2 - mu) / sigma : double.NegativeInfinity)
                 < NormalMath.Cdf(min is { } lo2 ? -(lo2 - mu) / sigma : double.PositiveInfinity)))
            throw new ArgumentException("normal truncation interval must have non-zero probability");
    }

    public override double Quantile(double u)
    {
        if (Min is null && Max is null) return Mu + Sigma * NormalMath.InverseCdf(u);
        double x = Mu + Sigma * NormalMath.TruncatedInverseCdf(u, _lowCdf, _highCdf,
            Min is { } a ? (a - Mu) / Sigma : double.NegativeInfinity,
            Max is { } b ? (b - Mu) / Sigma : double.PositiveInfinity);
        // Rounding must not leave the closed support the validator relied on.
        return Math.Clamp(x, Min ?? double.NegativeInfinity, Max ?? double.PositiveInfinity);
    }

    public override Support Support => new(Min ?? double.NegativeInfinity, Max ?? double.PositiveInfinity,
        Min is not null, Max is not null);
    public override string Kind => "normal";
    public override IReadOnlyList<double> Arguments => [Mu, Sigma];
    public override string Describe()
    {
        var s = "{normal: " + Format.List(Mu, Sigma);
        if (Min is { } a) s += ", min: " + Format.Number(a);
        if (Max is { } b) s += ", max: " + Format.Number(b);
        return s + "}";
    }
}
