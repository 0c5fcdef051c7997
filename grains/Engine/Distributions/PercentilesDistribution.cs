namespace ScenarioGrid.Engine.Distributions;

/// <summary>
/// A 3-term metalog through (p10, p50, p90); with a lower bound L, the log-metalog of x − L.
/// Valid only when a2 &gt; 0 and |a3|/a2 &lt; 1.66.
/// </summary>
public sealed class PercentilesDistribution : Distribution
{
    private static readonly double Ln9 = Math.Log(9);
    public double P10 { get; }
    public double P50 { get; }
    public double P90 { get; }
    public double? LowerBound { get; }
    private readonly double _a1, _a2, _a3;

    /// <exception cref="ArgumentException">unless p10 &lt; p50 &lt; p90, all above lowerBound, and the metalog is valid.</exception>
    public PercentilesDistribution(double p10, double p50, double p90, double? lowerBound = null)
    {
        if (!(p10 < p50 && p50 < p90)) throw new ArgumentException("percentiles need p10 < p50 < p90");
        if (lowerBound is { } lb && !(p10 > lb)) throw new ArgumentException("percentiles must lie above lowerBound");
        P10 = p10; P50 = p50; P90 = p90; LowerBound = lowerBound;
        double q10 = p10, q50 = p50, q90 = p90;
        if (lowerBound is { } l) { q10 = Math.Log(p10 - l); q50 = Math.Log(p50 - l); q90 = Math.Log(p90 - l); }
        _a1 = q50;
        _a2 = (q90 - q10) / (2 * Ln9);
        _a3 = (q90 + q10 - 2 * q50) / (0.8 * Ln9);
        if (!(_a2 > 0 && Math.Abs(_a3) / _a2 < 1.66))
            throw new ArgumentException("percentiles must give a valid metalog (a2 > 0 and |a3|/a2 < 1.66)");
    }

    public override double Quantile(double u)
    {
        double logit = Math.Log(u / (1 - u));
        double x = _a1 + _a2 * logit + _a3 * (u - 0.5) * logit;
        return LowerBound is { } l ? l + Math.Exp(x) : x;
    }

    public override Support Support => LowerBound is { } l
        ? new(l, double.PositiveInfinity, false, false)
        : new(double.NegativeInfinity, double.PositiveInfinity, false, false);
    public override string Kind => "percentiles";
    public override IReadOnlyList<double> Arguments => [P10, P50, P90];
    public override string Describe() =>
        "{percentiles: " + Format.List(P10, P50, P90) + (LowerBound is { } l ? ", lowerBound: " + Format.Number(l) : "") + "}";
}
