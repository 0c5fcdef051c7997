using ScenarioGrid.Engine.Simulation;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// A mergeable histogram of doubles with relative resolution 2⁻⁷: the bucket of |x| is its exponent and
/// top 7 mantissa bits (<c>bits &gt;&gt; 45</c>), so any value in a bucket is within 0.39 % of the bucket's
/// midpoint, inside the 0.5 % the spec allows. |x| &lt; 1e−6 counts in a zero bucket (the spec's absolute
/// tolerance is 1e−6); negatives use a mirrored window. Counts are integers, so merging is exact and
/// order-independent. Bucket counts are 32-bit until a window's total could pass 2³¹ − 1, then 64-bit.
/// With <c>exactBuckets</c> each bucket also remembers its value while it has seen only one distinct
/// value, so series of a few discrete values (capacities, subsidies) report those values exactly; it costs
/// a compare per value, so it is kept for the metrics that are discrete in practice.
/// </summary>
public sealed class QuantileSketch(bool exactBuckets = false)
{
    internal const int Shift = 45;
    internal const double ZeroBand = 1e-6;

    private Window _positive = new(exactBuckets), _negative = new(exactBuckets);
    private long _zero;

    public bool ExactBuckets { get; } = exactBuckets;
    public long Count => _positive.Total + _negative.Total + _zero;

    public void Add(double x)
    {
        if (Math.Abs(x) < ZeroBand) { _zero++; return; }
        if (x > 0) _positive.Add(x, 1); else _negative.Add(-x, 1);
    }

    /// <summary>Adds <paramref name="count"/> copies of one value.</summary>
    public void AddRepeated(double x, long count)
    {
        if (Math.Abs(x) < ZeroBand) { _zero += count; return; }
        if (x > 0) _positive.Add(x, count); else _negative.Add(-x, count);
    }

    /// <summary>
    /// Adds the non-NaN values of a column whose non-NaN min and max, and lowest value at or above the zero
    /// band, are known (<see cref="ColumnMath.Moments"/> finds all three in its pass). Non-negative columns
    /// (every metric but a comparison's deltas) run in a tight loop over a window grown once per column;
    /// NaN fails both comparisons of that loop and so is skipped without a test of its own.
    /// </summary>
    public void AddColumn(ReadOnlySpan<double> values, double min, double max, double lowestPositive)
    {
        if (min < 0)
        {
            foreach (double x in values)
                if (!double.IsNaN(x)) Add(x);
            return;
        }
        if (double.IsPositiveInfinity(lowestPositive)) { foreach (double x in values) if (x < ZeroBand) _zero++; return; }
        _zero += _positive.AddNonNegativeColumn(values, lowestPositive, max);
    }

    public void Merge(QuantileSketch other)
    {
        _zero += other._zero;
        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
    }

    /// <summary>An estimate of the value of 0-based rank <paramref name="rank"/> in sorted order.</summary>
    public double ValueAtRank(long rank)
    {
        long negatives = _negative.Total;
        if (rank < negatives) return -_negative.ValueAtRank(negatives - 1 - rank);
        rank -= negatives;
        if (rank < _zero) return 0;
        return _positive.ValueAtRank(rank - _zero);
    }

    /// <summary>
    /// The q-quantile by the spec's rule: h = (n−1)q, linear between the estimates of ranks floor(h) and
    /// ceil(h), clamped to the exact [min, max] the caller tracks.
    /// </summary>
    public double Quantile(double q, double min, double max)
    {
        long n = Count;
        double h = (n - 1) * q;
        long lo = (long)Math.Floor(h), hi = (long)Math.Ceiling(h);
        double a = ValueAtRank(lo), b = hi == lo ? a : ValueAtRank(hi);
        double x = a + (h - lo) * (b - a);
        return Math.Clamp(x, min, max);
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(ExactBuckets);
        w.Write(_zero);
        _positive.Write(w);
        _negative.Write(w);
    }

    /// <summary>Merges what <see cref="Write"/> wrote for a sketch of the same kind.</summary>
    internal void MergeFrom(BinaryReader r)
    {
        if (r.ReadBoolean() != ExactBuckets) throw new InvalidDataException("sketch kinds differ");
        _zero += r.ReadInt64();
        _positive.MergeFrom(r);
        _negative.MergeFrom(r);
    }

    internal void Reset()
    {
        _zero = 0;
        _positive.Reset();
        _negative.Reset();
    }

    private static int Key(double magnitude) => (int)(BitConverter.DoubleToInt64Bits(magnitude) >> Shift);

    /// <summary>
    /// Dense counters for the keys [offset, offset + length) of positive magnitudes. Counts are 32-bit while the
    /// window's total fits in an int (so no bucket can overflow): the ~8,000 windows of a v2 member take half the
    /// memory and cache of 64-bit ones. A window whose total would pass 2³¹ − 1 (a merged batch of billions of
    /// trials) widens to 64-bit counts for good; the values it reports are the same either way.
    /// </summary>
    private sealed class Window(bool exact)
    {
        private const int Slack = 16;   // keys kept free on each side of a new window's first range
        private int[] _counts = [];     // while Total ≤ int.MaxValue
        private long[]? _wide;          // instead of _counts, once the total could overflow an int
        private double[] _single = [];  // exact mode: the bucket's only value so far, NaN once it has seen two
        private int _offset;
        public long Total { get; private set; }

        private int Length => _wide?.Length ?? _counts.Length;
        private long CountAt(int i) => _wide is { } wide ? wide[i] : _counts[i];

        /// <summary>Widens the counters before <paramref name="more"/> values arrive if the total could then pass an int.</summary>
        private void Reserve(long more)
        {
            if (_wide is null && Total + more > int.MaxValue)
            {
                _wide = Array.ConvertAll(_counts, c => (long)c);
                _counts = [];
            }
        }

        public void Add(double magnitude, long count)
        {
            int key = Key(magnitude);
            Grow(key, key);
            Reserve(count);
            Record(key - _offset, count, magnitude);
            Total += count;
        }

        /// <summary>Counts the values ≥ the zero band into the window; returns how many were below it (zeros).</summary>
        public long AddNonNegativeColumn(ReadOnlySpan<double> values, double lowestPositive, double max)
        {
            Grow(Key(lowestPositive), Key(max));
            Reserve(values.Length);
            // The window now covers every key of the column, so no bounds check is needed per value.
            long zeros = 0, positives = 0;
            if (_wide is null) Count(values, ref MemoryMarshal.GetArrayDataReference(_counts), ref zeros, ref positives);
            else Count(values, ref MemoryMarshal.GetArrayDataReference(_wide), ref zeros, ref positives);
            Total += positives;
            return zeros;
        }

        private void Count<T>(ReadOnlySpan<double> values, ref T counts, ref long zeros, ref long positives)
            where T : unmanaged, IBinaryInteger<T>
        {
            int offset = _offset, i = 0;
            if (!exact && Vector256.IsHardwareAccelerated)
                i = CountVectorised(values, ref counts, offset, ref zeros, ref positives);
            for (; i < values.Length; i++)
            {
                double x = values[i];
                if (x >= ZeroBand) { Record(Key(x) - offset, 1, x); positives++; }
                else if (x < ZeroBand) zeros++;
            }
        }

        /// <summary>
        /// The counting loop of a non-exact window in blocks: bucket indices of a block are computed four at a
        /// time, then incremented one by one. The increments are the irreducible part; everything else leaves the
        /// scalar loop. A NaN or zero-band value gets an index from 0 to 7 by its position (taken back after the
        /// column), not always 0: a quarter of a v2 member's values are such (absent steps, idle plants), often
        /// side by side, and increments of one counter in a row each wait for the last one's store.
        /// </summary>
        private static int CountVectorised<T>(ReadOnlySpan<double> values, ref T counts, int offset, ref long zeros, ref long positives)
            where T : unmanaged, IBinaryInteger<T>
        {
            const int block = 64;
            Span<long> indices = stackalloc long[block];
            ref long index = ref MemoryMarshal.GetReference(indices);
            ref double x = ref MemoryMarshal.GetReference(values);
            var band = Vector256.Create(ZeroBand);
            var offsetV = Vector256.Create((long)offset);
            var zeroLanes = Vector256<long>.Zero;
            // Skipped values of the first and second vector of each pair count at indices 0 – 3 and 4 – 7.
            var skippedLow = Vector256<long>.Zero;
            var skippedHigh = Vector256<long>.Zero;
            var low = Vector256.Create(0L, 1, 2, 3);
            var high = Vector256.Create(4L, 5, 6, 7);
            int i = 0;
            for (; i <= values.Length - block; i += block)
            {
                for (int j = 0; j < block; j += 2 * Vector256<double>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref x, (nuint)(i + j));
                    var counted = Vector256.GreaterThanOrEqual(v, band).AsInt64(); // false for NaN
                    zeroLanes -= Vector256.LessThan(v, band).AsInt64();
                    skippedLow -= ~counted;
                    var key = Vector256.ShiftRightLogical(v.AsInt64(), Shift) - offsetV;
                    Vector256.ConditionalSelect(counted, key, low).StoreUnsafe(ref index, (nuint)j);

                    v = Vector256.LoadUnsafe(ref x, (nuint)(i + j + Vector256<double>.Count));
                    counted = Vector256.GreaterThanOrEqual(v, band).AsInt64();
                    zeroLanes -= Vector256.LessThan(v, band).AsInt64();
                    skippedHigh -= ~counted;
                    key = Vector256.ShiftRightLogical(v.AsInt64(), Shift) - offsetV;
                    Vector256.ConditionalSelect(counted, key, high).StoreUnsafe(ref index, (nuint)(j + Vector256<double>.Count));
                }
                for (int j = 0; j < block; j += 4)
                {
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 1))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 2))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 3))++;
                }
            }
            // The skipped values' increments of counters 0 – 7, taken back (a window has them: it keeps 16 free keys
            // below its first range).
            for (int lane = 0; lane < Vector256<long>.Count; lane++)
            {
                Unsafe.Add(ref counts, lane) -= T.CreateTruncating(skippedLow[lane]);
                Unsafe.Add(ref counts, lane + Vector256<long>.Count) -= T.CreateTruncating(skippedHigh[lane]);
            }
            long skipped = Vector256.Sum(skippedLow) + Vector256.Sum(skippedHigh);
            zeros += Vector256.Sum(zeroLanes);
            positives += i - skipped;
            return i;
        }

        private void Record(int i, long count, double value)
        {
            if (exact)
            {
                if (CountAt(i) == 0) _single[i] = value;
                else if (_single[i] != value) _single[i] = double.NaN;
            }
            if (_wide is { } wide) wide[i] += count;
            else _counts[i] += (int)count; // Reserve has checked that the total, and so this bucket, stays within an int
        }

        public void Merge(Window other)
        {
            if (other.Total == 0) return;
            int first = 0, last = other.Length - 1;
            while (other.CountAt(first) == 0) first++;
            while (other.CountAt(last) == 0) last--;
            Grow(other._offset + first, other._offset + last);
            Reserve(other.Total);
            for (int i = first; i <= last; i++)
                if (other.CountAt(i) is var c and not 0)
                    Record(other._offset + i - _offset, c, exact ? other._single[i] : double.NaN);
            Total += other.Total;
        }

        private void Grow(int lowKey, int highKey)
        {
            if (Length == 0)
            {
                _offset = lowKey - Slack;
                Resize(_offset, highKey + Slack);
                return;
            }
            int end = _offset + Length - 1;
            if (lowKey >= _offset && highKey <= end) return;
            // Grow by a quarter again on the side that overflowed, so repeated growth stays amortised. Growth is rare
            // (a new tail value), and growing by half cost memory, not time: the 5-member set peaked at 287 MB against
            // 262 MB at 100,000 trials, with no measurable difference in CPU (docs/performance.md).
            int extra = Length / 4;
            Resize(lowKey < _offset ? lowKey - extra : _offset, highKey > end ? highKey + extra : end);
        }

        private void Resize(int low, int high)
        {
            int length = high - low + 1;
            if (_wide is { } wide)
            {
                var counts = new long[length];
                Array.Copy(wide, 0, counts, _offset - low, wide.Length);
                _wide = counts;
            }
            else
            {
                var counts = new int[length];
                if (_counts.Length > 0) Array.Copy(_counts, 0, counts, _offset - low, _counts.Length);
                _counts = counts;
            }
            if (exact)
            {
                var single = new double[length];
                if (_single.Length > 0) Array.Copy(_single, 0, single, _offset - low, _single.Length);
                _single = single;
            }
            _offset = low;
        }

        public double ValueAtRank(long rank)
        {
            long seen = 0;
            for (int i = 0; i < Length; i++)
            {
                seen += CountAt(i);
                if (seen > rank) return exact && !double.IsNaN(_single[i]) ? _single[i] : Midpoint(_offset + i);
            }
            throw new ArgumentOutOfRangeException(nameof(rank));
        }

        private static double Midpoint(int key)
        {
            double low = BitConverter.Int64BitsToDouble((long)key << Shift);
            double high = BitConverter.Int64BitsToDouble((long)(key + 1) << Shift);
            return 0.5 * (low + high);
        }

        /// <summary>Sparse form: (key gap, count[, exact value]) of the non-empty buckets.</summary>
        public void Write(BinaryWriter w)
        {
            w.Write(Total);
            if (Total == 0) return;
            int buckets = 0;
            for (int i = 0; i < Length; i++) if (CountAt(i) != 0) buckets++;
            w.Write(buckets);
            int previous = 0;
            for (int i = 0; i < Length; i++)
            {
                long count = CountAt(i);
                if (count == 0) continue;
                int key = _offset + i;
                w.Write7BitEncodedInt(key - previous);
                w.Write7BitEncodedInt64(count); // same bytes as the 32-bit form below 2³¹
                if (exact) w.Write(_single[i]);
                previous = key;
            }
        }

        /// <summary>Merges a serialised window straight into this one, without building a second window.</summary>
        public void MergeFrom(BinaryReader r)
        {
            long total = r.ReadInt64();
            if (total == 0) return;
            int buckets = r.ReadInt32();
            var keys = new int[buckets];
            var counts = new long[buckets];
            var singles = new double[buckets];
            int key = 0;
            for (int b = 0; b < buckets; b++)
            {
                key += r.Read7BitEncodedInt();
                keys[b] = key;
                counts[b] = r.Read7BitEncodedInt64();
                if (exact) singles[b] = r.ReadDouble();
            }
            Grow(keys[0], keys[^1]);
            Reserve(total);
            for (int b = 0; b < buckets; b++) Record(keys[b] - _offset, counts[b], singles[b]);
            Total += total;
        }

        /// <summary>Empties the window but keeps its arrays, so a reused accumulator does not allocate.</summary>
        public void Reset()
        {
            Array.Clear(_counts);
            if (_wide is not null) Array.Clear(_wide);
            Total = 0;
        }
    }
}
