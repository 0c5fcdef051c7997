namespace ScenarioGrid.Engine.Distributions;

/// <summary>
/// Finitely many values. The inverse CDF walks the values in ascending order, summing probabilities in
/// double precision left to right, and returns the first whose cumulative sum is ≥ u (the last if none).
/// </summary>
public sealed class DiscreteDistribution : Distribution
{
    private readonly double[] _values;      // ascending
    private readonly double[] _cumulative;  // running sums in that order
    public IReadOnlyList<(double Value, double Probability)> Outcomes { get; }

    /// <exception cref="ArgumentException">unless the values are distinct, probabilities &gt; 0 and summing to 1 (±1e−9).</exception>
    public DiscreteDistribution(IReadOnlyList<(double Value, double Probability)> outcomes)
    {
        if (outcomes.Count == 0) throw new ArgumentException("discrete needs at least one value");
        if (outcomes.Select(o => o.Value).Distinct().Count() != outcomes.Count)
            throw new ArgumentException("discrete values must be distinct");
        if (outcomes.Any(o => !(o.Probability > 0))) throw new ArgumentException("discrete probabilities must be > 0");
        var sorted = outcomes.OrderBy(o => o.Value).ToArray();
        _values = sorted.Select(o => o.Value).ToArray();
        _cumulative = new double[sorted.Length];
        double sum = 0;
        for (int i = 0; i < sorted.Length; i++) { sum += sorted[i].Probability; _cumulative[i] = sum; }
        if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException("discrete probabilities must sum to 1 (±1e-9)");
        Outcomes = outcomes;
    }

    public override double Quantile(double u)
    {
        for (int i = 0; i < _values.Length; i++)
            if (_cumulative[i] >= u) return _values[i];
        return _values[^1];
    }

    public override void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int i = 0; i < u.Length; i++) x[i] = Quantile(u[i]);
    }

    public override Support Support => Support.Closed(_values[0], _values[^1]);
    public override string Kind => "discrete";
    public override IReadOnlyList<double> Arguments => Outcomes.SelectMany(o => new[] { o.Value, o.Probability }).ToArray();
    public override string Describe() =>
        "{discrete: {" + string.Join(", ", Outcomes.Select(o => Format.Number(o.Value) + ": " + Format.Number(o.Probability))) + "}}";
}
