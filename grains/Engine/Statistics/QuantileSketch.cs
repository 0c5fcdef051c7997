namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// A mergeable histogram of doubles with relative resolution 2⁻⁷: the bucket of |x| is its exponent and
/// top 7 mantissa bits (<c>bits &gt;&gt; 45</c>), so any value in a bucket is within 0.39 % of the bucket's
/// midpoint, inside the 0.5 % the spec allows. |x| &lt; 1e−6 counts in a zero bucket (the spec's absolute
/// tolerance is 1e−6); negatives use a mirrored window. Counts are integers, so merging is exact and
/// order-independent. Each bucket also remembers its value while it has seen only one distinct value, so
/// series of a few discrete values (capacities, subsidies) report exact quantiles.
/// </summary>
public sealed class QuantileSketch
{
    internal const int Shift = 45;
    internal const double ZeroBand = 1e-6;

    private Window _positive = new(), _negative = new();
    private long _zero;

    public long Count => _positive.Total + _negative.Total + _zero;

    public void Add(double x)
    {
        if (Math.Abs(x) < ZeroBand) { _zero++; return; }
        if (x > 0) _positive.Add(x); else _negative.Add(-x);
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
        w.Write(_zero);
        _positive.Write(w);
        _negative.Write(w);
    }

    internal static QuantileSketch Read(BinaryReader r)
    {
        var s = new QuantileSketch { _zero = r.ReadInt64() };
        s._positive = Window.Read(r);
        s._negative = Window.Read(r);
        return s;
    }

    /// <summary>Dense counters for the keys [offset, offset + counts.Length) of positive magnitudes.</summary>
    private sealed class Window
    {
        private int[] _counts = [];
        private double[] _single = [];   // the bucket's only value so far, NaN once it has seen two
        private int _offset;
        public long Total { get; private set; }

        public void Add(double magnitude)
        {
            int key = (int)(BitConverter.DoubleToInt64Bits(magnitude) >> Shift);
            int i = key - _offset;
            if ((uint)i >= (uint)_counts.Length) { Grow(key, key); i = key - _offset; }
            Record(i, 1, magnitude);
            Total++;
        }

        private void Record(int i, int count, double value)
        {
            if (_counts[i] == 0) _single[i] = value;
            else if (_single[i] != value) _single[i] = double.NaN;
            _counts[i] += count;
        }

        public void Merge(Window other)
        {
            if (other.Total == 0) return;
            int first = -1, last = -1;
            for (int i = 0; i < other._counts.Length; i++)
                if (other._counts[i] != 0) { if (first < 0) first = i; last = i; }
            Grow(other._offset + first, other._offset + last);
            for (int i = first; i <= last; i++)
                if (other._counts[i] != 0) Record(other._offset + i - _offset, other._counts[i], other._single[i]);
            Total += other.Total;
        }

        private void Grow(int lowKey, int highKey)
        {
            if (_counts.Length == 0)
            {
                const int initial = 256;
                _offset = lowKey - initial / 2;
                _counts = new int[Math.Max(initial, highKey - _offset + 64)];
                _single = new double[_counts.Length];
                return;
            }
            int low = Math.Min(lowKey, _offset), high = Math.Max(highKey, _offset + _counts.Length - 1);
            if (low == _offset && high == _offset + _counts.Length - 1) return;
            // Grow by at least half again on the side that overflowed, so repeated growth stays amortised.
            int slack = _counts.Length / 2;
            if (low < _offset) low -= slack;
            if (high > _offset + _counts.Length - 1) high += slack;
            var counts = new int[high - low + 1];
            var single = new double[counts.Length];
            Array.Copy(_counts, 0, counts, _offset - low, _counts.Length);
            Array.Copy(_single, 0, single, _offset - low, _single.Length);
            _counts = counts; _single = single; _offset = low;
        }

        public double ValueAtRank(long rank)
        {
            long seen = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen > rank) return double.IsNaN(_single[i]) ? Midpoint(_offset + i) : _single[i];
            }
            throw new ArgumentOutOfRangeException(nameof(rank));
        }

        private static double Midpoint(int key)
        {
            double low = BitConverter.Int64BitsToDouble((long)key << Shift);
            double high = BitConverter.Int64BitsToDouble((long)(key + 1) << Shift);
            return 0.5 * (low + high);
        }

        public void Write(BinaryWriter w)
        {
            int first = Array.FindIndex(_counts, c => c != 0), last = Array.FindLastIndex(_counts, c => c != 0);
            w.Write(Total);
            if (Total == 0) return;
            w.Write(_offset + first);
            w.Write(last - first + 1);
            for (int i = first; i <= last; i++)
            {
                w.Write7BitEncodedInt(_counts[i]);
                if (_counts[i] != 0) w.Write(_single[i]);
            }
        }

        public static Window Read(BinaryReader r)
        {
            var window = new Window { Total = r.ReadInt64() };
            if (window.Total == 0) return window;
            window._offset = r.ReadInt32();
            int length = r.ReadInt32();
            window._counts = new int[length];
            window._single = new double[length];
            for (int i = 0; i < length; i++)
            {
                window._counts[i] = r.Read7BitEncodedInt();
                if (window._counts[i] != 0) window._single[i] = r.ReadDouble();
            }
            return window;
        }
    }
}
