using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// Whole-column operations for the kernel and the accumulators, vectorised with <see cref="Vector256"/>
/// (AVX2/AVX-512 hosts) and a scalar tail. Exp and Log are the runtime's vector versions (within an ulp
/// or two of Math.Exp/Math.Log, far inside the spec's 1e−9).
/// </summary>
public static class ColumnMath
{
    /// <summary>
    /// The length a chunk's columns are allocated and computed with: <paramref name="trials"/> rounded up to whole
    /// Vector256s. The kernel's formulas then exist once, as a vector body, with no scalar tail to keep in step;
    /// the padded lanes hold values nobody reads, as only the first <paramref name="trials"/> leave the kernel.
    /// </summary>
    public static int PaddedLength(int trials) => (trials + Vector256<double>.Count - 1) & -Vector256<double>.Count;

    /// <summary>
    /// x[i] = exp(x[i]), for the chunk's trials only, never a padded lane: Vector256.Exp is not lane by lane. When
    /// any lane's argument is NaN, ±∞ or beyond about ±708, it computes the whole vector with Math.Exp, which
    /// differs from its own result in the last bit for about 40 % of arguments (measured on .NET 10), so a
    /// garbage lane would change the values of the real trials beside it.
    /// </summary>
    public static void Exp(Span<double> x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                ref double at = ref Unsafe.Add(ref start, i);
                Vector256.Exp(Vector256.LoadUnsafe(ref at)).StoreUnsafe(ref at);
            }
        }
        if (i < x.Length) Tail(x[i..], static v => Vector256.Exp(v), Math.Exp);
    }

    /// <summary>x[i] = log(x[i]), for the chunk's trials only, as with <see cref="Exp"/>.</summary>
    public static void Log(Span<double> x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                ref double at = ref Unsafe.Add(ref start, i);
                Vector256.Log(Vector256.LoadUnsafe(ref at)).StoreUnsafe(ref at);
            }
        }
        if (i < x.Length) Tail(x[i..], static v => Vector256.Log(v), Math.Log);
    }

    /// <summary>
    /// The last few elements go through the same vector function, padded with 1 (inside its fast range), so that
    /// a trial's value never depends on its position in the chunk (and so on the chunk size): Math.Exp and
    /// Vector256.Exp may differ in the last bit.
    /// </summary>
    private static void Tail(Span<double> x, Func<Vector256<double>, Vector256<double>> vector, Func<double, double> scalar)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < x.Length; i++) x[i] = scalar(x[i]);
            return;
        }
        Span<double> padded = stackalloc double[Vector256<double>.Count];
        padded.Fill(1);
        x.CopyTo(padded);
        vector(Vector256.Create((ReadOnlySpan<double>)padded)).CopyTo(padded);
        padded[..x.Length].CopyTo(x);
    }

    /// <summary>
    /// result[i] = guard[i] &gt; 0 ? numerator[i] / denominator[i] : NaN, a ratio defined only where its guard is
    /// positive (a yield where there is output, a mean cost where there is output, a utilisation where there is
    /// capacity). A division is correctly rounded in every lane, so this equals the scalar loop bit for bit.
    /// </summary>
    public static void RatioWherePositive(ReadOnlySpan<double> guard, ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator,
        Span<double> result)
    {
        int n = result.Length, i = 0;
        if (guard.Length < n || numerator.Length < n || denominator.Length < n) throw new ArgumentException("columns shorter than the result");
        if (Vector256.IsHardwareAccelerated)
        {
            ref double g = ref MemoryMarshal.GetReference(guard);
            ref double a = ref MemoryMarshal.GetReference(numerator);
            ref double b = ref MemoryMarshal.GetReference(denominator);
            ref double r = ref MemoryMarshal.GetReference(result);
            var nan = Vector256.Create(double.NaN);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var defined = Vector256.GreaterThan(Vector256.LoadUnsafe(ref g, (nuint)i), Vector256<double>.Zero);
                var ratio = Vector256.LoadUnsafe(ref a, (nuint)i) / Vector256.LoadUnsafe(ref b, (nuint)i);
                Vector256.ConditionalSelect(defined, ratio, nan).StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < n; i++) result[i] = guard[i] > 0 ? numerator[i] / denominator[i] : double.NaN;
    }

    /// <summary>
    /// The index of the first value that is not NaN (the length if none), a vector at a time: a v2 plant's step
    /// columns are NaN in every trial of a chunk in its years before start-up, about a sixth of all columns.
    /// </summary>
    private static int FirstDefined(ReadOnlySpan<double> x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i));
                if (Vector256.EqualsAny(v, v)) break; // a lane equal to itself is not NaN
            }
        }
        while (i < x.Length && double.IsNaN(x[i])) i++;
        return i;
    }

    /// <summary>
    /// One pass over the values that are not NaN: count, mean, M2 (sum of squared deviations), min, max, and the
    /// lowest value at or above <paramref name="floor"/> (+∞ if none; the quantile sketch sizes its window with it).
    /// Sums are taken about a shift c (the first value), which keeps the one-pass M2 = Σd² − (Σd)²/n accurate
    /// because c lies within the data, a standard deviation or so from the mean.
    /// </summary>
    public static ColumnMoments Moments(ReadOnlySpan<double> x, double floor)
    {
        int first = FirstDefined(x);
        if (first == x.Length) return new(0, 0, 0, double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity);
        double shift = x[first];
        int i = first;
        long count = 0;
        double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity, low = double.PositiveInfinity;
        // Two copies of one loop, 512 and 256 bits wide: this pass runs over every column of every chunk, and on
        // AVX-512 hosts the wide copy is about 5 % of the whole engine (measured with bench --child run --threads 1).
        if (Vector512.IsHardwareAccelerated && x.Length - i >= Vector512<double>.Count)
        {
            var vsum = Vector512<double>.Zero;
            var vsquares = Vector512<double>.Zero;
            var infinity = Vector512.Create(double.PositiveInfinity);
            var vmin = infinity;
            var vmax = Vector512.Create(double.NegativeInfinity);
            var vlow = infinity;
            var vcount = Vector512<long>.Zero;
            var c = Vector512.Create(shift);
            var f = Vector512.Create(floor);
            ref double start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var v = Vector512.LoadUnsafe(ref Unsafe.Add(ref start, i));
                var defined = Vector512.Equals(v, v); // false in NaN lanes
                var d = (v - c) & defined;
                vsum += d;
                vsquares += d * d;
                vmin = Vector512.Min(vmin, Vector512.ConditionalSelect(defined, v, infinity));
                vmax = Vector512.Max(vmax, Vector512.ConditionalSelect(defined, v, Vector512.Create(double.NegativeInfinity)));
                vlow = Vector512.Min(vlow, Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(v, f), v, infinity));
                vcount -= defined.AsInt64(); // a true lane is all ones, i.e. −1
            }
            for (int lane = 0; lane < Vector512<double>.Count; lane++)
            {
                sum += vsum[lane];
                squares += vsquares[lane];
                min = Math.Min(min, vmin[lane]);
                max = Math.Max(max, vmax[lane]);
                low = Math.Min(low, vlow[lane]);
                count += vcount[lane];
            }
        }
        else if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<double>.Count)
        {
            var vsum = Vector256<double>.Zero;
            var vsquares = Vector256<double>.Zero;
            var infinity = Vector256.Create(double.PositiveInfinity);
            var vmin = infinity;
            var vmax = Vector256.Create(double.NegativeInfinity);
            var vlow = infinity;
            var vcount = Vector256<long>.Zero;
            var c = Vector256.Create(shift);
            var f = Vector256.Create(floor);
            ref double start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i));
                var defined = Vector256.Equals(v, v); // false in NaN lanes
                var d = (v - c) & defined;
                vsum += d;
                vsquares += d * d;
                vmin = Vector256.Min(vmin, Vector256.ConditionalSelect(defined, v, infinity));
                vmax = Vector256.Max(vmax, Vector256.ConditionalSelect(defined, v, Vector256.Create(double.NegativeInfinity)));
                vlow = Vector256.Min(vlow, Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, f), v, infinity));
                vcount -= defined.AsInt64(); // a true lane is all ones, i.e. −1
            }
            for (int lane = 0; lane < Vector256<double>.Count; lane++)
            {
                sum += vsum[lane];
                squares += vsquares[lane];
                min = Math.Min(min, vmin[lane]);
                max = Math.Max(max, vmax[lane]);
                low = Math.Min(low, vlow[lane]);
                count += vcount[lane];
            }
        }
        for (; i < x.Length; i++)
        {
            double v = x[i];
            if (double.IsNaN(v)) continue;
            double d = v - shift;
            count++; sum += d; squares += d * d;
            if (v < min) min = v;
            if (v > max) max = v;
            if (v >= floor && v < low) low = v;
        }
        double meanDeviation = sum / count;
        return new(count, shift + meanDeviation, Math.Max(0, squares - sum * meanDeviation), min, max, low);
    }
}

/// <summary>What <see cref="ColumnMath.Moments"/> finds in one pass over a column.</summary>
public readonly record struct ColumnMoments(long Count, double Mean, double M2, double Min, double Max, double LowestAtLeastFloor);
