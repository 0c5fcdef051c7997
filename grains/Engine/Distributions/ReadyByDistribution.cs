namespace ScenarioGrid.Engine.Distributions;

/// <summary>
/// A readiness year given as cumulative probabilities of being ready by whole years (model-spec-v2 §3.1):
/// <c>{readyBy: {2025: 0.4, 2026: 0.7}}</c>. The inverse CDF at u is the first year whose probability is ≥ u, and
/// <see cref="Never"/> when u exceeds the last one. No sums are formed, so nothing depends on rounding.
/// </summary>
public sealed class ReadyByDistribution : Distribution
{
    /// <summary>"Never": later than every allowed year.</summary>
    public const double Never = 2101;

    private readonly double[] _years, _probabilities;

    /// <exception cref="ArgumentException">unless years ascend strictly and 0 &lt; p1 ≤ p2 ≤ … ≤ 1.</exception>
    public ReadyByDistribution(IReadOnlyList<(int Year, double Probability)> points)
    {
        if (points.Count == 0) throw new ArgumentException("readyBy needs at least one year");
        _years = new double[points.Count];
        _probabilities = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0 && points[i].Year <= points[i - 1].Year) throw new ArgumentException("readyBy years must be listed in strictly ascending order");
            double p = points[i].Probability;
            if (!(p > 0 && p <= 1)) throw new ArgumentException("readyBy probabilities must be > 0 and <= 1");
            if (i > 0 && p < _probabilities[i - 1]) throw new ArgumentException("readyBy probabilities must not decrease (they are cumulative)");
            _years[i] = points[i].Year;
            _probabilities[i] = p;
        }
    }

    public override double Quantile(double u)
    {
        for (int i = 0; i < _years.Length; i++)
            if (u <= _probabilities[i]) return _years[i];
        return Never;
    }

    /// <summary>From the first year to "never" (or the last year when it is certain by then).</summary>
    public override Support Support => Support.Closed(_years[0], _probabilities[^1] >= 1 ? _years[^1] : Never);

    public override string Kind => "readyBy";
    public override IReadOnlyList<double> Arguments => _years.Zip(_probabilities).SelectMany(x => new[] { x.First, x.Second }).ToArray();
    public override string Describe() =>
        "{readyBy: {" + string.Join(", ", _years.Zip(_probabilities).Select(x => Format.Number(x.First) + ": " + Format.Number(x.Second))) + "}}";
}
