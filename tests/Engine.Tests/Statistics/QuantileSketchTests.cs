using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Random;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Tests.Statistics;

/// <summary>
/// Model-spec section 5, statistics: every reported quantile must lie between the order statistics
/// x(floor h) and x(ceil h), h = (n−1)q, widened by max(0.005·max(|x(floor h)|, |x(ceil h)|), 1e−6);
/// count, min and max are exact; mean and stdDev (n − 1) agree with an exact two-pass computation.
/// The reference is the sorted list of the exact values.
/// </summary>
public class QuantileSketchTests
{
    private const int N = 1_000_000, Column = 1000;
    private const ulong Seed = 77;

    private static readonly double[] Probabilities =
        [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.001, 0.01, 0.3333, 0.6667, 0.99, 0.999];

    /// <summary>n draws of <paramref name="dist"/> through counter-RNG uniforms of one stream.</summary>
    private static double[] Draw(Distribution dist, string path, int n = N)
    {
        var u = new double[n];
        CounterRng.Uniforms(CounterRng.Stream(Seed, path), 0, u);
        var x = new double[n];
        dist.Quantiles(u, x);
        return x;
    }

    /// <summary>
    /// A series with negative and positive values, exact zeros, values inside the ±1e−6 zero band and NaNs
    /// (undefined trials): a mixture picked by a second uniform stream.
    /// </summary>
    private static double[] Mixed(int n = N)
    {
        var pick = new double[n];
        CounterRng.Uniforms(CounterRng.Stream(Seed, "mixed.pick"), 0, pick);
        var normal = Draw(new NormalDistribution(0.5, 2), "mixed.normal", n);
        var tiny = Draw(new UniformDistribution(-2e-6, 2e-6), "mixed.tiny", n);
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = pick[i] < 0.15 ? 0.0 : pick[i] < 0.20 ? tiny[i] : pick[i] < 0.25 ? double.NaN : normal[i];
        return x;
    }

    public static TheoryData<string> Cases() => ["lognormal", "pert", "mixed", "discrete"];

    private static double[] Values(string name) => name switch
    {
        "lognormal" => Draw(new LognormalDistribution(3, 1.5), "lognormal"),
        "pert" => Draw(new PertDistribution(10, 11, 100), "pert"),
        "mixed" => Mixed(),
        "discrete" => Draw(new DiscreteDistribution([(-2, 0.3), (0.5, 0.5), (7, 0.2)]), "discrete"),
        _ => throw new ArgumentException(name),
    };

    private static SeriesAccumulator Accumulate(ReadOnlySpan<double> values, bool exactBuckets = false)
    {
        var acc = new SeriesAccumulator(exactBuckets);
        for (int i = 0; i < values.Length; i += Column)
            acc.Add(values.Slice(i, Math.Min(Column, values.Length - i)));
        return acc;
    }

    /// <summary>The spec's acceptance interval for the q-quantile of the sorted defined values.</summary>
    internal static (double Low, double High) Allowed(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        double lo = sorted[(int)Math.Floor(h)], hi = sorted[(int)Math.Ceiling(h)];
        double widen = Math.Max(0.005 * Math.Max(Math.Abs(lo), Math.Abs(hi)), 1e-6);
        return (lo - widen, hi + widen);
    }

    /// <summary>Neumaier-compensated two-pass mean and n−1 standard deviation.</summary>
    internal static (double Mean, double StdDev) Exact(double[] x)
    {
        static double Sum(IEnumerable<double> values)
        {
            double sum = 0, c = 0;
            foreach (double v in values)
            {
                double t = sum + v;
                c += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
                sum = t;
            }
            return sum + c;
        }
        double mean = Sum(x) / x.Length;
        double m2 = Sum(x.Select(v => (v - mean) * (v - mean)));
        return (mean, Math.Sqrt(m2 / (x.Length - 1)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quantiles_lie_within_the_spec_interval_of_the_exact_order_statistics(string name)
    {
        var values = Values(name);
        var acc = Accumulate(values);
        var sorted = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(sorted);

        Assert.Equal(sorted.Length, acc.Count);
        Assert.Equal(sorted[0], acc.Min);
        Assert.Equal(sorted[^1], acc.Max);
        foreach (double q in Probabilities)
        {
            double estimate = acc.Quantile(q)!.Value;
            var (low, high) = Allowed(sorted, q);
            Assert.True(estimate >= low && estimate <= high, $"{name} q={q}: {estimate:R} outside [{low:R}, {high:R}]");
        }
        // The reported document uses the same numbers.
        var s = ResultBuilder.Statistics("e", "m", 2025, acc);
        Assert.Equal(new[] { acc.Quantile(0.05), acc.Quantile(0.10), acc.Quantile(0.25), acc.Quantile(0.50), acc.Quantile(0.75),
            acc.Quantile(0.90), acc.Quantile(0.95) }, new[] { s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95 });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mean_and_standard_deviation_match_an_exact_two_pass_computation(string name)
    {
        var values = Values(name);
        var acc = Accumulate(values);
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        var (mean, sd) = Exact(defined);
        // 1e−12 relative to the scale of the data (the mean of the mixed series is small against its spread).
        double scale = Math.Max(Math.Abs(mean), sd);
        Assert.True(Math.Abs(acc.Mean - mean) <= 1e-12 * scale, $"{name} mean {acc.Mean:R} vs {mean:R}");
        Assert.True(Math.Abs(acc.StdDev!.Value - sd) <= 1e-12 * scale, $"{name} stdDev {acc.StdDev:R} vs {sd:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merging_two_halves_gives_the_same_quantiles(string name)
    {
        var values = Values(name);
        var whole = Accumulate(values);
        var first = Accumulate(values.AsSpan(0, N / 2));
        var second = Accumulate(values.AsSpan(N / 2));
        var firstCopy = Accumulate(values.AsSpan(0, N / 2));
        second.Merge(first);           // second half first
        var other = Accumulate(values.AsSpan(N / 2));
        firstCopy.Merge(other);        // first half first
        foreach (var merged in new[] { second, firstCopy })
        {
            Assert.Equal(whole.Count, merged.Count);
            Assert.Equal(whole.Min, merged.Min);
            Assert.Equal(whole.Max, merged.Max);
            foreach (double q in Probabilities) Assert.Equal(whole.Quantile(q), merged.Quantile(q));
            double scale = Math.Max(Math.Abs(whole.Mean), whole.StdDev!.Value);
            Assert.True(Math.Abs(whole.Mean - merged.Mean) <= 1e-12 * scale);
            Assert.True(Math.Abs(whole.StdDev!.Value - merged.StdDev!.Value) <= 1e-12 * scale);
        }
    }

    [Fact]
    public void Exact_buckets_report_the_values_of_a_discrete_series()
    {
        // 101 values (h = 100q is whole for every reported q): 30 zeros, 50 ones, 21 fours, shuffled.
        var values = Enumerable.Repeat(0.0, 30).Concat(Enumerable.Repeat(1.0, 50)).Concat(Enumerable.Repeat(4.0, 21)).ToArray();
        new System.Random(5).Shuffle(values);
        var acc = new SeriesAccumulator(exactBuckets: true);
        acc.Add(values.AsSpan(0, 40));
        acc.Add(values.AsSpan(40));
        // Sorted ranks: 0..29 → 0, 30..79 → 1, 80..100 → 4.
        var s = ResultBuilder.Statistics("e", "m", 2025, acc);
        Assert.Equal(new double?[] { 0, 0, 0, 1, 1, 4, 4 }, new[] { s.P5, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95 });
        Assert.Equal(101, s.Count);
        Assert.Equal((0 * 30 + 1 * 50 + 4 * 21) / 101.0, s.Mean!.Value, 14);

        // Without exact buckets the non-zero values come back as bucket midpoints: within the spec's 0.5 %.
        var approx = new SeriesAccumulator();
        approx.Add(values);
        var sorted = values.Order().ToArray();
        foreach (double q in SeriesAccumulator.ReportedQuantiles)
        {
            var (low, high) = Allowed(sorted, q);
            Assert.InRange(approx.Quantile(q)!.Value, low, high);
        }
    }

    [Fact]
    public void Interpolation_between_order_statistics_follows_h_equals_n_minus_1_times_q()
    {
        // Four exactly representable values in different buckets: 1, 2, 4, 8 (exact buckets keep them).
        var acc = new SeriesAccumulator(exactBuckets: true);
        acc.Add([8.0, 1.0, 4.0, 2.0]);
        // h = 3q: q = 0.5 → h = 1.5 → 2 + 0.5·(4 − 2) = 3; q = 0.25 → h = 0.75 → 1 + 0.75·1 = 1.75.
        Assert.Equal(3.0, acc.Quantile(0.5));
        Assert.Equal(1.75, acc.Quantile(0.25));
        Assert.Equal(1.0, acc.Quantile(0));
        Assert.Equal(8.0, acc.Quantile(1));
        // n − 1 standard deviation: mean 3.75, Σd² = 7.5625 + 3.0625 + 0.0625 + 18.0625 = 28.75, /3.
        Assert.Equal(Math.Sqrt(28.75 / 3), acc.StdDev!.Value, 14);
    }

    [Fact]
    public void Empty_series_reports_nulls_and_a_single_value_has_no_standard_deviation()
    {
        var empty = new SeriesAccumulator();
        empty.Add([double.NaN, double.NaN]);
        var s0 = ResultBuilder.Statistics("plant:x", "costUsdPerKWh", 2030, empty);
        Assert.Equal(0, s0.Count);
        Assert.All(new[] { s0.Mean, s0.StdDev, s0.Min, s0.Max, s0.P5, s0.P10, s0.P25, s0.P50, s0.P75, s0.P90, s0.P95 }, Assert.Null);

        var one = new SeriesAccumulator();
        one.Add([double.NaN, 42.5, double.NaN]);
        var s1 = ResultBuilder.Statistics("plant:x", "costUsdPerKWh", 2030, one);
        Assert.Equal(1, s1.Count);
        Assert.Null(s1.StdDev);
        Assert.All(new[] { s1.Mean, s1.Min, s1.Max, s1.P5, s1.P10, s1.P25, s1.P50, s1.P75, s1.P90, s1.P95 }, v => Assert.Equal(42.5, v));

        // Two values: stdDev defined (n − 1 = 1).
        one.Add([44.5]);
        Assert.Equal(Math.Sqrt(2.0), one.StdDev!.Value, 14);

        // Merging an empty accumulator changes nothing.
        one.Merge(new SeriesAccumulator());
        Assert.Equal(2, one.Count);
        Assert.Equal(43.5, one.Mean);
    }

    [Fact]
    public void Bucket_counts_do_not_overflow_beyond_two_to_the_31_values()
    {
        // A batch of more than 2³¹ trials (merged from grains) where a metric is constant, e.g. a fixed
        // capacity: one bucket then holds more than int.MaxValue values.
        const long half = 1_200_000_000;
        var a = new SeriesAccumulator();
        a.Sketch.AddRepeated(5.0, half);
        var b = new SeriesAccumulator();
        b.Sketch.AddRepeated(5.0, half);
        b.Sketch.AddRepeated(7.0, 100);
        a.Sketch.Merge(b.Sketch);
        Assert.Equal(2 * half + 100, a.Sketch.Count);
        // Ranks 0 .. 2.4e9 − 1 are 5 (bucket midpoint within 0.39 %), the last 100 are 7.
        Assert.Equal(5.0, a.Sketch.Quantile(0.5, 5.0, 7.0), 0.02);
        Assert.Equal(5.0, a.Sketch.ValueAtRank(2 * half - 1), 0.02);
        Assert.Equal(7.0, a.Sketch.ValueAtRank(2 * half), 0.03);
        // And three billion copies at once.
        var big = new SeriesAccumulator();
        big.Sketch.AddRepeated(1.0, 3_000_000_000);
        Assert.Equal(1.0, big.Sketch.ValueAtRank(2_999_999_999), 0.005);
    }

    [Fact]
    public void A_bucket_keeps_counting_past_two_to_the_31_through_columns_and_serialised_partials()
    {
        // Bucket counts are 32-bit until a window's total could pass int.MaxValue. Fill one bucket (512) to just
        // below that, then add columns that land in the same bucket through the vectorised counting loop: with
        // 32-bit counts it would wrap negative, and the ranks above 1,000 would skip the bucket.
        var sketch = new QuantileSketch();
        sketch.AddRepeated(1.0, 1000);
        sketch.AddRepeated(512.0, int.MaxValue - 1500);
        var column = Enumerable.Range(0, 1024).Select(i => i % 2 == 0 ? 512.0 : 513.0).ToArray(); // one bucket: [512, 516)
        sketch.AddColumn(column, 512, 513, 512);
        sketch.AddColumn(column, 512, 513, 512);
        sketch.AddRepeated(3000.0, 1000);
        long inBucket = int.MaxValue - 1500L + 2048;
        Assert.Equal(2000 + inBucket, sketch.Count);

        void Check(QuantileSketch s, long extraLow)
        {
            Assert.Equal(1.0, s.ValueAtRank(999 + extraLow), 0.004);
            Assert.Equal(514.0, s.ValueAtRank(1000 + extraLow), 2.1);
            Assert.Equal(514.0, s.ValueAtRank(999 + extraLow + inBucket), 2.1);
            Assert.Equal(3000.0, s.ValueAtRank(1000 + extraLow + inBucket), 12);
        }
        Check(sketch, 0);

        // The same through a grain's partial: written, then merged into a sketch that already counts 1,000 ones.
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) sketch.Write(w);
        var merged = new QuantileSketch();
        merged.AddRepeated(1.0, 1000);
        stream.Position = 0;
        using (var r = new BinaryReader(stream)) merged.MergeFrom(r);
        Assert.Equal(3000 + inBucket, merged.Count);
        Check(merged, 1000);
    }

    [Fact]
    public void Columns_with_runs_of_undefined_and_zero_values_count_as_value_by_value()
    {
        // The vectorised counting loop sends a NaN or zero-band value to one of the window's first eight counters
        // (by its position) and takes it back after the column. The first column fixes the window at 16 keys below
        // the key of 1.0; the second puts real values in those eight counters, between runs of NaN, 0 and values
        // inside the zero band. Every rank must read as in a sketch fed one value at a time.
        int one = (int)(BitConverter.DoubleToInt64Bits(1.0) >> QuantileSketch.Shift);
        double Skipped(int i) => (i % 3) switch { 0 => double.NaN, 1 => 0.0, _ => 4e-7 };
        var first = new double[1024];
        var second = new double[1024];
        for (int i = 0; i < first.Length; i++)
        {
            bool inRun = i / 5 % 3 == 0; // runs of five
            first[i] = inRun ? Skipped(i) : Math.Pow(1000, (i % 97) / 97.0); // 1 ≤ x < 1000
            // Keys one − 16 … one − 9: the window's counters 0 – 7, each value just above its bucket's lower edge.
            second[i] = inRun ? Skipped(i) : BitConverter.Int64BitsToDouble((long)(one - 16 + i % 8) << QuantileSketch.Shift | 12345);
        }
        var columns = new SeriesAccumulator();
        columns.Add(first);
        columns.Add(second);
        var reference = new QuantileSketch();
        foreach (double x in first.Concat(second))
            if (!double.IsNaN(x)) reference.Add(x);

        Assert.Equal(reference.Count, columns.Sketch.Count);
        for (long rank = 0; rank < reference.Count; rank++)
            Assert.Equal(reference.ValueAtRank(rank), columns.Sketch.ValueAtRank(rank));
    }

    [Fact]
    public void Negative_only_and_zero_band_series_stay_within_the_rule()
    {
        var x = Draw(new TriangularDistribution(-500, -20, -0.001), "negative", 20_000)
            .Concat(Draw(new UniformDistribution(-9e-7, 9e-7), "band", 5_000)).ToArray();
        var acc = Accumulate(x);
        var sorted = x.Order().ToArray();
        Assert.Equal(sorted[0], acc.Min);
        Assert.Equal(sorted[^1], acc.Max);
        foreach (double q in Probabilities)
        {
            var (low, high) = Allowed(sorted, q);
            Assert.InRange(acc.Quantile(q)!.Value, low, high);
        }
    }
}
