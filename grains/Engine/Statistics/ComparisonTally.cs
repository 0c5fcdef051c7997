namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// Paired comparison of one (a, b, metric, year) over the trials where both are defined: the statistics of
/// a − b in the same trial and how often a &lt; b (strictly). The one tally of the spec's comparison rule, kept
/// by the batch accumulator for the listed comparisons and by the on-request paired comparison alike.
/// </summary>
public sealed class ComparisonTally
{
    public long ALessThanB { get; internal set; }

    /// <summary>Statistics of a − b in the same trial; its Count is the comparison's count.</summary>
    public SeriesAccumulator Delta { get; internal set; } = new();

    /// <summary>
    /// Adds one chunk: a[k] and b[k] are trial k's values, NaN where undefined. NaN makes a − b NaN, which
    /// the delta statistics skip, and a &lt; b false, so a trial counts only where both sides are defined.
    /// </summary>
    /// <param name="scratch">room for the chunk's deltas (at least a.Length), owned by the caller so that
    /// a chunk allocates nothing.</param>
    internal void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> scratch)
    {
        if (b.Length != a.Length) throw new ArgumentException("a and b must have one value per trial of the chunk");
        var delta = scratch[..a.Length];
        long less = 0;
        for (int k = 0; k < a.Length; k++)
        {
            delta[k] = a[k] - b[k];
            if (a[k] < b[k]) less++;
        }
        ALessThanB += less;
        Delta.Add(delta);
    }

    internal void Merge(ComparisonTally other)
    {
        ALessThanB += other.ALessThanB;
        Delta.Merge(other.Delta);
    }
}
