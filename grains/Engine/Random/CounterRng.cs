using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ScenarioGrid.Engine.Random;

/// <summary>
/// The counter-based random numbers of model-spec section 3: a uniform depends only on
/// (seed, parameter path, trial), so results never depend on chunking, silo count or order.
/// All arithmetic is unsigned 64-bit with wrap-around.
/// </summary>
public static class CounterRng
{
    private const ulong Mul1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Mul2 = 0x94D049BB133111EBUL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong FnvOffset = 0xCBF29CE484222325UL;
    private const ulong FnvPrime = 0x100000001B3UL;

    // (k + 0.5)·2^-52 for k = m >> 12 < 2^52 is built exactly as
    // bits(1 + k·2^-52) − (1 − 2^-53): both operands and the difference are representable, so the
    // subtraction is exact and equals the spec's ((m >> 12) + 0.5)·2^-52 bit for bit.
    private const ulong OneBits = 0x3FF0000000000000UL;
    private const double OneMinusHalfUlp = 1.0 - 1.0 / 9007199254740992.0; // 1 − 2^-53

    /// <summary>SplitMix64 finaliser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix64(ulong z)
    {
        z ^= z >> 30;
        z *= Mul1;
        z ^= z >> 27;
        z *= Mul2;
        return z ^ (z >> 31);
    }

    /// <summary>64-bit FNV-1a over the UTF-8 bytes of <paramref name="s"/>.</summary>
    public static ulong Fnv1a64(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : new byte[max];
        int n = Encoding.UTF8.GetBytes(s, buffer);
        ulong h = FnvOffset;
        foreach (byte b in buffer[..n])
        {
            h ^= b;
            h *= FnvPrime;
        }
        return h;
    }

    /// <summary><c>mix64(seed ^ fnv1a64(path))</c>: the stream of one parameter in one batch.</summary>
    public static ulong Stream(ulong seed, string path) => Mix64(seed ^ Fnv1a64(path));

    /// <summary>
    /// <c>((mix64(stream + (trial + 1)·0x9E3779B97F4A7C15) &gt;&gt; 12) + 0.5)·2⁻⁵²</c>, in (0, 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong stream, long trial)
    {
        ulong m = Mix64(unchecked(stream + ((ulong)trial + 1UL) * Golden));
        return ((m >> 12) + 0.5) * (1.0 / 4503599627370496.0);
    }

    /// <summary>The vector width (in ulongs) <see cref="Uniforms"/> uses on this machine: 8, 4 or 1.</summary>
    internal static readonly int VectorWidth =
        Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported ? 8 : Vector256.IsHardwareAccelerated ? 4 : 1;

    /// <summary>u[i] = <see cref="Uniform"/>(stream, firstTrial + i), vectorised where the hardware allows.</summary>
    /// <remarks>Bit-identical to the scalar <see cref="Uniform"/>: the same integer arithmetic, and an exact conversion.</remarks>
    public static void Uniforms(ulong stream, long firstTrial, Span<double> u) => Uniforms(stream, firstTrial, u, VectorWidth);

    /// <summary><see cref="Uniforms(ulong, long, Span{double})"/> with a forced vector width (8, 4, else scalar); for tests.</summary>
    internal static void Uniforms(ulong stream, long firstTrial, Span<double> u, int width)
    {
        int n = u.Length;
        int i = 0;
        // counter of element i: stream + (firstTrial + 1 + i)·G (mod 2^64)
        ulong start = unchecked(stream + ((ulong)firstTrial + 1UL) * Golden);
        ref double dst = ref MemoryMarshal.GetReference(u);

        if (width == 8 && Vector512.IsHardwareAccelerated && n >= Vector512<ulong>.Count)
        {
            var iota = Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL);
            var counter = Vector512.Create(start) + iota * Vector512.Create(Golden);
            var step = Vector512.Create(unchecked(Golden * 8UL));
            var m1 = Vector512.Create(Mul1);
            var m2 = Vector512.Create(Mul2);
            var one = Vector512.Create(OneBits);
            var bias = Vector512.Create(OneMinusHalfUlp);
            for (; i <= n - 8; i += 8)
            {
                var z = counter;
                z ^= z >>> 30;
                z *= m1;
                z ^= z >>> 27;
                z *= m2;
                z ^= z >>> 31;
                var d = ((z >>> 12) | one).AsDouble() - bias;
                d.StoreUnsafe(ref dst, (nuint)i);
                counter += step;
            }
        }
        else if (width >= 4 && Vector256.IsHardwareAccelerated && n >= Vector256<ulong>.Count)
        {
            var iota = Vector256.Create(0UL, 1UL, 2UL, 3UL);
            var counter = Vector256.Create(start) + iota * Vector256.Create(Golden);
            var step = Vector256.Create(unchecked(Golden * 4UL));
            var m1 = Vector256.Create(Mul1);
            var m2 = Vector256.Create(Mul2);
            var one = Vector256.Create(OneBits);
            var bias = Vector256.Create(OneMinusHalfUlp);
            for (; i <= n - 4; i += 4)
            {
                var z = counter;
                z ^= z >>> 30;
                z *= m1;
                z ^= z >>> 27;
                z *= m2;
                z ^= z >>> 31;
                var d = ((z >>> 12) | one).AsDouble() - bias;
                d.StoreUnsafe(ref dst, (nuint)i);
                counter += step;
            }
        }

        ulong c = unchecked(start + (ulong)i * Golden);
        for (; i < n; i++)
        {
            ulong m = Mix64(c);
            Unsafe.Add(ref dst, i) = ((m >> 12) + 0.5) * (1.0 / 4503599627370496.0);
            c = unchecked(c + Golden);
        }
    }
}
