using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// Count, mean, M2 (for the n−1 standard deviation), min, max and a quantile sketch of one series,
/// over the trials where it is defined. A chunk is added as a column; partial accumulators merge with
/// Chan's pairwise formula, so chunking changes mean and stdDev only by rounding (≪ 1e−9 relative).
/// </summary>
public sealed class SeriesAccumulator
{
    public long Count { get; private set; }
    public double Mean { get; private set; }
    public double M2 { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public QuantileSketch Sketch { get; private set; }

    /// <param name="exactBuckets">see <see cref="QuantileSketch"/>: for metrics with few distinct values.</param>
    public SeriesAccumulator(bool exactBuckets = false) => Sketch = new QuantileSketch(exactBuckets);

    public static readonly double[] ReportedQuantiles = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

    /// <summary>Adds a column of values; NaN marks a trial where the metric is undefined.</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        var (n, mean, m2, min, max, lowestPositive) = ColumnMath.Moments(values, QuantileSketch.ZeroBand);
        if (n == 0) return;
        if (min == max)
        {
            // A constant column (a fixed capacity, a subsidy, a plant at full ramp): exact and cheap.
            Sketch.AddRepeated(min, n);
            Combine(n, min, 0, min, max);
            return;
        }
        Sketch.AddColumn(values, min, max, lowestPositive);
        Combine(n, mean, m2, min, max);
    }

    public void Merge(SeriesAccumulator other)
    {
        if (other.Count == 0) return;
        Combine(other.Count, other.Mean, other.M2, other.Min, other.Max);
        Sketch.Merge(other.Sketch);
    }

    /// <summary>Merges what <see cref="Write"/> wrote, reading it straight into this accumulator.</summary>
    internal void MergeFrom(BinaryReader r)
    {
        long n = r.ReadInt64();
        double mean = r.ReadDouble(), m2 = r.ReadDouble(), min = r.ReadDouble(), max = r.ReadDouble();
        if (n > 0) Combine(n, mean, m2, min, max);
        Sketch.MergeFrom(r);
    }

    internal void Reset()
    {
        Count = 0; Mean = 0; M2 = 0;
        Min = double.PositiveInfinity; Max = double.NegativeInfinity;
        Sketch.Reset();
    }

    private void Combine(long n, double mean, double m2, double min, double max)
    {
        if (Count == 0)
        {
            Count = n; Mean = mean; M2 = m2;
        }
        else
        {
            long total = Count + n;
            double delta = mean - Mean;
            Mean += delta * n / total;
            M2 += m2 + delta * delta * ((double)Count * n / total);
            Count = total;
        }
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
    }

    public double? StdDev => Count > 1 ? Math.Sqrt(M2 / (Count - 1)) : null;

    /// <summary>The spec's q-quantile estimate; null when there is no value.</summary>
    public double? Quantile(double q) => Count == 0 ? null : Sketch.Quantile(q, Min, Max);

    internal void Write(BinaryWriter w)
    {
        w.Write(Count); w.Write(Mean); w.Write(M2); w.Write(Min); w.Write(Max);
        Sketch.Write(w);
    }
}
