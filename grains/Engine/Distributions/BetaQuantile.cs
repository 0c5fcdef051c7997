using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ScenarioGrid.Engine.Distributions;

/// <summary>Inverse regularised incomplete Beta function for one (α, β), within 1e−9 of the exact quantile.</summary>
/// <remarks>
/// <para>
/// The quantile is read from a table built at construction: piecewise quintic Hermite interpolation in u
/// (node values, first derivatives 1/pdf and second derivatives −pdf′/pdf³) on a grid of <see cref="IntervalsPerBinade"/> equal steps in every binade
/// [2^-(k+2), 2^-(k+1)) of min(u, 1 − u), so the grid refines geometrically towards u → 0 and u → 1 where the
/// quantile behaves like a power of u. Below ½ the table holds the quantile of Beta(α, β) at u; above ½ it
/// holds the quantile of Beta(β, α) at v = 1 − u (exact in double) and returns 1 minus it.
/// </para>
/// <para>
/// Every interval is verified at construction at t = ¼, ½, ¾ against the exact quantile (regularised
/// incomplete Beta by Lentz's continued fraction, error measured by a Newton correction); an interval
/// whose error exceeds <see cref="VerifyTolerance"/> is answered by the exact routine instead, as are
/// u below 2^-(<see cref="Binades"/>+1) and u where min(u, 1 − u) is subnormal.
/// </para>
/// </remarks>
public sealed class BetaQuantile
{
    internal const int LogIntervals = 5;
    internal const int IntervalsPerBinade = 1 << LogIntervals;
    /// <summary>Binades of min(u, 1−u) covered by the table: [2^-(Binades+1), ½).</summary>
    internal const int Binades = 52;
    internal const double VerifyTolerance = 2e-10;

    private static readonly ConcurrentDictionary<(double, double), Lazy<BetaQuantile>> Cache = new();

    public double Alpha { get; }
    public double Beta { get; }

    private readonly Side _lower; // Beta(α, β) at u < ½
    private readonly Side _upper; // Beta(β, α) at 1 − u, for u > ½
    private readonly double _median;

    /// <summary>Largest error found at the construction-time check points (intervals answered exactly excluded).</summary>
    internal double MaxVerifiedError { get; }

    /// <summary>How many table intervals fell back to the exact routine.</summary>
    internal int ExactIntervals { get; }

    /// <summary>The shared instance for (α, β); both must be finite and positive (PERT gives 1 ≤ α, β ≤ 5).</summary>
    public static BetaQuantile For(double alpha, double beta)
    {
        if (!(alpha > 0 && beta > 0 && double.IsFinite(alpha) && double.IsFinite(beta)))
            throw new ArgumentOutOfRangeException(nameof(alpha), $"Beta({alpha}, {beta}) needs finite positive shape parameters");
        return Cache.GetOrAdd((alpha, beta),
            k => new Lazy<BetaQuantile>(() => new BetaQuantile(k.Item1, k.Item2))).Value;
    }

    private BetaQuantile(double alpha, double beta)
    {
        Alpha = alpha;
        Beta = beta;
        _lower = new Side(alpha, beta);
        _upper = new Side(beta, alpha);
        _median = _lower.Median;
        MaxVerifiedError = Math.Max(_lower.MaxVerifiedError, _upper.MaxVerifiedError);
        ExactIntervals = _lower.ExactIntervals + _upper.ExactIntervals;
    }

    /// <summary>The u-quantile: 0 at u ≤ 0, 1 at u ≥ 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Quantile(double u)
    {
        if (u < 0.5)
        {
            if (!(u > 0)) return 0.0;
            return _lower.Evaluate(u);
        }
        if (u > 0.5)
        {
            if (!(u < 1)) return double.IsNaN(u) ? double.NaN : 1.0;
            return 1.0 - _upper.Evaluate(1.0 - u);
        }
        return u == 0.5 ? _median : double.NaN;
    }

    /// <summary>x[i] = Quantile(u[i]).</summary>
    public void Quantiles(ReadOnlySpan<double> u, Span<double> x)
    {
        if (x.Length < u.Length) throw new ArgumentException("output span is shorter than the input", nameof(x));
        for (int i = 0; i < u.Length; i++) x[i] = Quantile(u[i]);
    }

    /// <summary>The quantile by the exact routine (no table): Newton on the continued fraction.</summary>
    internal double ExactQuantile(double u)
    {
        if (u < 0.5) return u > 0 ? _lower.Exact(u, double.NaN) : 0.0;
        if (u > 0.5) return u < 1 ? 1.0 - _upper.Exact(1.0 - u, double.NaN) : 1.0;
        return u == 0.5 ? _median : double.NaN;
    }

    /// <summary>One half of the table: the quantile of Beta(a, b) at u in (0, ½).</summary>
    private sealed class Side
    {
        private readonly double _a, _b, _lnB;
        private const int Stride = 6;
        private readonly double[] _coef;   // 6 per interval: x = Σ c_i t^i, t in [0, 1)
        private readonly bool[] _exact;    // interval answered by the exact routine
        public double Median { get; }
        public double MaxVerifiedError { get; }
        public int ExactIntervals { get; }

        public Side(double a, double b)
        {
            _a = a;
            _b = b;
            _lnB = BetaMath.LogBeta(a, b);
            Median = Exact(0.5, double.NaN);

            const int n = IntervalsPerBinade;
            int intervals = Binades * n;
            // Nodes k = 0..intervals: binade k / n, step k % n, ordered from u = ½ downwards.
            // Node of (binade bb, step j) is u = 2^-(bb+2)·(1 + j/n); node (bb, n) = node (bb−1, 0).
            var xs = new double[intervals + 1];
            var d1 = new double[intervals + 1]; // dx/du = 1/pdf
            var d2 = new double[intervals + 1]; // d²x/du² = −(pdf'/pdf)·(dx/du)²
            double guess = Median;
            for (int idx = 0; idx <= intervals; idx++)
            {
                double x = Median;
                if (idx > 0)
                {
                    int bb = (idx - 1) / n, j = bb * n + n - idx; // inverse of NodeIndex
                    x = Exact(NodeU(bb, j), guess);
                }
                xs[idx] = x;
                d1[idx] = 1.0 / Pdf(x);
                d2[idx] = -((a - 1) / x - (b - 1) / (1 - x)) * d1[idx] * d1[idx];
                guess = x;
            }

            _coef = new double[intervals * Stride];
            _exact = new bool[intervals];
            double maxErr = 0;
            int exactCount = 0;
            for (int bb = 0; bb < Binades; bb++)
            {
                double h = Math.ScaleB(1.0, -(bb + 2)) / n; // u-width of an interval
                for (int j = 0; j < n; j++)
                {
                    int k = bb * n + j;
                    int lo = NodeIndex(bb, j), hi = NodeIndex(bb, j + 1);
                    // Quintic Hermite in t = (u − u_j)/h through value, first and second derivative at both ends.
                    double p0 = xs[lo], p1 = xs[hi];
                    double m0 = d1[lo] * h, m1 = d1[hi] * h;
                    double s0 = d2[lo] * h * h, s1 = d2[hi] * h * h;
                    double r0 = p1 - p0 - m0 - 0.5 * s0, r1 = m1 - m0 - s0, r2 = s1 - s0;
                    int o = Stride * k;
                    _coef[o] = p0;
                    _coef[o + 1] = m0;
                    _coef[o + 2] = 0.5 * s0;
                    _coef[o + 3] = 10 * r0 - 4 * r1 + 0.5 * r2;
                    _coef[o + 4] = -15 * r0 + 7 * r1 - r2;
                    _coef[o + 5] = 6 * r0 - 3 * r1 + 0.5 * r2;

                    double err = 0;
                    bool bad = false;
                    for (int q = 0; q < Stride; q++) bad |= !double.IsFinite(_coef[o + q]);
                    for (int q = 1; q <= 3 && !bad; q++)
                    {
                        double t = 0.25 * q;
                        double u = NodeU(bb, j) + t * h;
                        double x = Interpolate(k, t);
                        double e = Math.Abs(NewtonError(x, u));
                        if (!(e <= VerifyTolerance)) bad = true;
                        else err = Math.Max(err, e);
                    }
                    if (bad) { _exact[k] = true; exactCount++; }
                    else maxErr = Math.Max(maxErr, err);
                }
            }
            MaxVerifiedError = maxErr;
            ExactIntervals = exactCount;
        }

        // Node (bb, j) for j in 0..n, bb in 0..Binades−1, as an index into xs (0 is u = ½, growing downwards).
        // Node (bb, n) is u = 2^-(bb+1) = node (bb−1, 0); node (0, n) is u = ½ at index 0.
        private static int NodeIndex(int bb, int j) => bb * IntervalsPerBinade + (IntervalsPerBinade - j);

        private static double NodeU(int bb, int j) => Math.ScaleB(1.0 + (double)j / IntervalsPerBinade, -(bb + 2));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private double Interpolate(int k, double t)
        {
            ref double c = ref _coef[Stride * k];
            return ((((Unsafe.Add(ref c, 5) * t + Unsafe.Add(ref c, 4)) * t + Unsafe.Add(ref c, 3)) * t
                     + Unsafe.Add(ref c, 2)) * t + Unsafe.Add(ref c, 1)) * t + c;
        }

        /// <summary>The quantile at u in (0, ½).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Evaluate(double u)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(u);
            int bb = 1021 - (int)(bits >> 52); // biased exponent 1021 is [¼, ½)
            if ((uint)bb >= Binades) return Exact(u, double.NaN);
            const int fracBits = 52 - LogIntervals;
            ulong mant = bits & 0x000F_FFFF_FFFF_FFFFUL;
            int k = bb * IntervalsPerBinade + (int)(mant >> fracBits);
            if (_exact[k]) return Exact(u, double.NaN);
            double t = (mant & ((1UL << fracBits) - 1)) * (1.0 / (1UL << fracBits));
            return Interpolate(k, t);
        }

        private double Pdf(double x) => Math.Exp((_a - 1) * Math.Log(x) + (_b - 1) * Math.Log(1 - x) - _lnB);

        /// <summary>x − exact quantile at u, to second order: (I(x) − u) / pdf(x).</summary>
        private double NewtonError(double x, double u)
        {
            if (!(x > 0 && x < 1)) return double.PositiveInfinity;
            return (BetaMath.Ibeta(_a, _b, _lnB, x) - u) / Pdf(x);
        }

        /// <summary>
        /// The exact quantile at u in (0, ½]: safeguarded Newton on ln I(e^w) = ln u in w = ln x, which is
        /// nearly linear where I behaves like a power of x. <paramref name="guess"/> may be NaN.
        /// </summary>
        public double Exact(double u, double guess)
        {
            double lnU = Math.Log(u);
            double x;
            if (guess > 0 && guess < 1) x = guess;
            else
            {
                // Leading term of I_x(a, b) ≈ x^a / (a·B(a, b)).
                x = Math.Exp((lnU + Math.Log(_a) + _lnB) / _a);
                if (!(x > 0 && x < 1)) x = 0.5;
                if (Median > 0 && x > Median) x = Median;
            }
            double wLo = double.NegativeInfinity, wHi = 0; // ln x brackets
            double w = Math.Log(x);
            for (int iter = 0; iter < 300; iter++)
            {
                x = Math.Exp(w);
                BetaMath.IbetaAndLogPdf(_a, _b, _lnB, x, out double ib, out double lnPdf);
                double g = Math.Log(ib) - lnU;
                if (g == 0) return x;
                if (g < 0) wLo = w; else wHi = w;
                // d ln I / dw = pdf·x / I
                double slope = Math.Exp(lnPdf + w) / ib;
                double wNew = w - g / slope;
                // Newton converges quadratically: after a step this small the remaining error is far below 1 ulp.
                if (Math.Abs(wNew - w) <= 1e-11 * Math.Max(1.0, Math.Abs(w))) return Math.Exp(wNew);
                if (!double.IsFinite(wNew) || wNew <= wLo || wNew >= wHi)
                {
                    wNew = double.IsNegativeInfinity(wLo) ? Math.Min(w, wHi) - 2.0 : 0.5 * (wLo + wHi);
                    if (wHi - wLo <= 1e-15 * Math.Max(1.0, Math.Abs(w))) return Math.Exp(wNew);
                }
                w = wNew;
            }
            return Math.Exp(w);
        }
    }
}

/// <summary>Reference special functions for <see cref="BetaQuantile"/>.</summary>
internal static class BetaMath
{
    // Lanczos approximation, g = 607/128, 15 terms (Godfrey), relative error ~1e−15.
    private const double LanczosG = 607.0 / 128.0;
    private static readonly double[] Lanczos =
    [
        0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
        -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
        0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.21743961811521264320e-3, -0.16431810653676389022e-3,
        0.84418223983852743293e-4, -0.26190838401581408670e-4, 0.36899182659531622704e-5,
    ];
    private const double HalfLog2Pi = 0.91893853320467274178032973640562;

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        double t = x + LanczosG + 0.5;
        return HalfLog2Pi + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>I_x(a, b).</summary>
    public static double Ibeta(double a, double b, double lnB, double x)
    {
        IbetaAndLogPdf(a, b, lnB, x, out double ib, out _);
        return ib;
    }

    /// <summary>I_x(a, b) and ln pdf(x) sharing the logarithms.</summary>
    public static void IbetaAndLogPdf(double a, double b, double lnB, double x, out double ib, out double lnPdf)
    {
        if (!(x > 0)) { ib = 0; lnPdf = a == 1 ? -lnB : (a > 1 ? double.NegativeInfinity : double.PositiveInfinity); return; }
        if (!(x < 1)) { ib = 1; lnPdf = b == 1 ? -lnB : (b > 1 ? double.NegativeInfinity : double.PositiveInfinity); return; }
        double lx = Math.Log(x), l1x = Math.Log(1 - x);
        lnPdf = (a - 1) * lx + (b - 1) * l1x - lnB;
        double lnFront = a * lx + b * l1x - lnB; // ln(x^a (1−x)^b / B)
        if (x < (a + 1) / (a + b + 2))
            ib = Math.Exp(lnFront) * ContinuedFraction(a, b, x) / a;
        else
            ib = 1.0 - Math.Exp(lnFront) * ContinuedFraction(b, a, 1 - x) / b;
    }

    /// <summary>The continued fraction of I_x(a, b) (Numerical Recipes betacf, modified Lentz).</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300, eps = 1e-17;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 1000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) <= eps) break;
        }
        return h;
    }
}
