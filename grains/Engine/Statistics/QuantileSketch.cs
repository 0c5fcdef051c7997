using ScenarioGrid.Engine.Simulation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// A mergeable histogram of doubles with relative resolution 2⁻⁷: the bucket of |x| is its exponent and
/// top 7 mantissa bits (<c>bits &gt;&gt; 45</c>), so any value in a bucket is within 0.39 % of the bucket's
/// midpoint, inside the 0.5 % the spec allows. |x| &lt; 1e−6 counts in a zero bucket (the spec's absolute
/// tolerance is 1e−6); negatives use a mirrored window. Counts are integers, so merging is exact and
/// order-independent. Bucket counts are 64-bit: a merged batch may put more than 2³¹ values in one bucket.
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

    /// <summary>Dense counters for the keys [offset, offset + counts.Length) of positive magnitudes.</summary>
    private sealed class Window(bool exact)
    {
        private long[] _counts = [];   // long: a merged batch may put more than 2³¹ values in one bucket
        private double[] _single = [];   // exact mode: the bucket's only value so far, NaN once it has seen two
        private int _offset;
        public long Total { get; private set; }

        public void Add(double magnitude, long count)
        {
            int key = Key(magnitude);
            Grow(key, key);
            Record(key - _offset, count, magnitude);
            Total += count;
        }

        /// <summary>Counts the values ≥ the zero band into the window; returns how many were below it (zeros).</summary>
        public long AddNonNegativeColumn(ReadOnlySpan<double> values, double lowestPositive, double max)
        {
            Grow(Key(lowestPositive), Key(max));
            // The window now covers every key of the column, so no bounds check is needed per value.
            ref long counts = ref MemoryMarshal.GetArrayDataReference(_counts);
            int offset = _offset, i = 0;
            long zeros = 0, positives = 0;
            if (!exact && Vector256.IsHardwareAccelerated)
                i = CountVectorised(values, ref counts, offset, ref zeros, ref positives);
            for (; i < values.Length; i++)
            {
                double x = values[i];
                if (x >= ZeroBand) { Record(Key(x) - offset, 1, x); positives++; }
                else if (x < ZeroBand) zeros++;
            }
            Total += positives;
            return zeros;
        }

        /// <summary>
        /// The counting loop of a non-exact window in blocks: bucket indices of a block are computed four at a
        /// time (a NaN or zero-band value gets index 0, taken back after the block), then incremented one by
        /// one. The increments are the irreducible part; everything else leaves the scalar loop.
        /// </summary>
        private static int CountVectorised(ReadOnlySpan<double> values, ref long counts, int offset, ref long zeros, ref long positives)
        {
            const int block = 64;
            Span<long> indices = stackalloc long[block];
            ref long index = ref MemoryMarshal.GetReference(indices);
            ref double x = ref MemoryMarshal.GetReference(values);
            var band = Vector256.Create(ZeroBand);
            var offsetV = Vector256.Create((long)offset);
            var zeroLanes = Vector256<long>.Zero;
            var skippedLanes = Vector256<long>.Zero;
            int i = 0;
            for (; i <= values.Length - block; i += block)
            {
                for (int j = 0; j < block; j += Vector256<double>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref x, (nuint)(i + j));
                    var counted = Vector256.GreaterThanOrEqual(v, band).AsInt64(); // false for NaN
                    zeroLanes -= Vector256.LessThan(v, band).AsInt64();
                    skippedLanes -= ~counted;
                    var key = Vector256.ShiftRightLogical(v.AsInt64(), Shift) - offsetV;
                    (key & counted).StoreUnsafe(ref index, (nuint)j);
                }
                for (int j = 0; j < block; j += 4)
                {
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 1))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 2))++;
                    Unsafe.Add(ref counts, (nint)Unsafe.Add(ref index, j + 3))++;
                }
            }
            long skipped = Vector256.Sum(skippedLanes);
            counts -= skipped; // the skipped values' increments of bucket 0, taken back
            zeros += Vector256.Sum(zeroLanes);
            positives += i - skipped;
            return i;
        }

        private void Record(int i, long count, double value)
        {
            if (exact)
            {
                if (_counts[i] == 0) _single[i] = value;
                else if (_single[i] != value) _single[i] = double.NaN;
            }
            _counts[i] += count;
        }

        public void Merge(Window other)
        {
            if (other.Total == 0) return;
            int first = Array.FindIndex(other._counts, c => c != 0), last = Array.FindLastIndex(other._counts, c => c != 0);
            Grow(other._offset + first, other._offset + last);
            for (int i = first; i <= last; i++)
                if (other._counts[i] != 0)
                    Record(other._offset + i - _offset, other._counts[i], exact ? other._single[i] : double.NaN);
            Total += other.Total;
        }

        private void Grow(int lowKey, int highKey)
        {
            if (_counts.Length == 0)
            {
                const int slack = 64;
                _offset = lowKey - slack;
                Resize(_offset, highKey + slack);
                return;
            }
            int end = _offset + _counts.Length - 1;
            if (lowKey >= _offset && highKey <= end) return;
            // Grow by half again on the side that overflowed, so repeated growth stays amortised.
            int half = _counts.Length / 2;
            Resize(lowKey < _offset ? lowKey - half : _offset, highKey > end ? highKey + half : end);
        }

        private void Resize(int low, int high)
        {
            var counts = new long[high - low + 1];
            if (_counts.Length > 0) Array.Copy(_counts, 0, counts, _offset - low, _counts.Length);
            if (exact)
            {
                var single = new double[counts.Length];
                if (_single.Length > 0) Array.Copy(_single, 0, single, _offset - low, _single.Length);
                _single = single;
            }
            _counts = counts;
            _offset = low;
        }

        public double ValueAtRank(long rank)
        {
            long seen = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
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
            foreach (long c in _counts) if (c != 0) buckets++;
            w.Write(buckets);
            int previous = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0) continue;
                int key = _offset + i;
                w.Write7BitEncodedInt(key - previous);
                w.Write7BitEncodedInt64(_counts[i]); // same bytes as the 32-bit form below 2³¹
                if (exact) w.Write(_single[i]);
                previous = key;
            }
        }

        /// <summary>Merges a serialised window straight into this one, without building a second window.</summary>
        public void MergeFrom(BinaryReader r)
        {
            var window = this;
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
            window.Grow(keys[0], keys[^1]);
            for (int b = 0; b < buckets; b++) window.Record(keys[b] - window._offset, counts[b], singles[b]);
            window.Total += total;
        }

        /// <summary>Empties the window but keeps its arrays, so a reused accumulator does not allocate.</summary>
        public void Reset()
        {
            Array.Clear(_counts);
            Total = 0;
        }
    }
}
