namespace ScenarioGrid.Engine.Distributions;

/// <summary>Standard normal Φ and Φ⁻¹ to near double precision.</summary>
/// <remarks>
/// Φ is W. J. Cody's rational Chebyshev approximation (ANORM, TOMS 715) with the exp(−z²/2) factor split
/// so that the tails keep full relative precision down to the underflow limit; Φ⁻¹ is Wichura's AS241
/// (PPND16), about 1e−16 relative.
/// </remarks>
public static class NormalMath
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;
    private const double Sqrt32 = 5.656854249492380195206754896838;

    // Cody: |z| <= 0.67448975
    private static readonly double[] A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
        18154.981253343561249, 0.065682337918207449113];
    private static readonly double[] B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
        45507.789335026729956];
    // Cody: 0.67448975 < |z| <= sqrt(32)
    private static readonly double[] C = [0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124,
        9842.7148383839780218, 1.0765576773720192317e-8];
    private static readonly double[] D = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411,
        19685.429676859990727];
    // Cody: |z| > sqrt(32)
    private static readonly double[] P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
    private static readonly double[] Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
        0.00378239633202758244, 7.29751555083966205e-5];

    /// <summary>Φ(z).</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        double y = Math.Abs(z);
        if (y <= 0.67448975)
        {
            double xnum = 0, xden = 0;
            if (y > 1.1102230246251565e-16)
            {
                double xsq = z * z;
                xnum = A[4] * xsq;
                xden = xsq;
                for (int i = 0; i < 3; i++)
                {
                    xnum = (xnum + A[i]) * xsq;
                    xden = (xden + B[i]) * xsq;
                }
            }
            return 0.5 + z * (xnum + A[3]) / (xden + B[3]);
        }
        double tail; // P(Z > y) = Φ(−y)
        if (y <= Sqrt32)
        {
            double xnum = C[8] * y, xden = y;
            for (int i = 0; i < 7; i++)
            {
                xnum = (xnum + C[i]) * y;
                xden = (xden + D[i]) * y;
            }
            tail = SplitExp(y) * ((xnum + C[7]) / (xden + D[7]));
        }
        else if (y < 38.5)
        {
            double xsq = 1.0 / (y * y);
            double xnum = P[5] * xsq, xden = xsq;
            for (int i = 0; i < 4; i++)
            {
                xnum = (xnum + P[i]) * xsq;
                xden = (xden + Q[i]) * xsq;
            }
            double r = xsq * (xnum + P[4]) / (xden + Q[4]);
            tail = SplitExp(y) * ((InvSqrt2Pi - r) / y);
        }
        else
        {
            tail = 0;
        }
        return z > 0 ? 1.0 - tail : tail;
    }

    /// <summary>exp(−y²/2) with y² split so that the rounding of y·y is not amplified in the tail.</summary>
    private static double SplitExp(double y)
    {
        double xsq = Math.Truncate(y * 16) / 16; // exact: few significant bits
        double del = (y - xsq) * (y + xsq);
        return Math.Exp(-xsq * xsq * 0.5) * Math.Exp(-del * 0.5);
    }

    /// <summary>Φ⁻¹(u) for u in (0, 1); −∞ at 0, +∞ at 1, NaN outside.</summary>
    public static double InverseCdf(double u)
    {
        if (!(u > 0 && u < 1))
        {
            if (u == 0) return double.NegativeInfinity;
            if (u == 1) return double.PositiveInfinity;
            return double.NaN;
        }
        double q = u - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            double r = 0.180625 - q * q;
            return q * (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
                                + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
                            + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
                        + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
                   / (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
                                + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
                            + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
                        + 4.2313330701600911252e1) * r + 1.0);
        }
        double rr = q < 0 ? u : 1.0 - u; // 1 − u is exact for u ≥ 0.5
        rr = Math.Sqrt(-Math.Log(rr));
        double x;
        if (rr <= 5.0)
        {
            rr -= 1.6;
            x = (((((((7.74545014278341407640e-4 * rr + 2.27238449892691845833e-2) * rr
                                + 2.41780725177450611770e-1) * rr + 1.27045825245236838258e0) * rr
                            + 3.64784832476320460504e0) * rr + 5.76949722146069140550e0) * rr
                        + 4.63033784615654529590e0) * rr + 1.42343711074968357734e0)
                / (((((((1.05075007164441684324e-9 * rr + 5.47593808499534494600e-4) * rr
                                + 1.51986665636164571966e-2) * rr + 1.48103976427480074590e-1) * rr
                            + 6.89767334985100004550e-1) * rr + 1.67638483018380384940e0) * rr
                        + 2.05319162663775882187e0) * rr + 1.0);
        }
        else
        {
            rr -= 5.0;
            x = (((((((2.01033439929228813265e-7 * rr + 2.71155556874348757815e-5) * rr
                                + 1.24266094738807843860e-3) * rr + 2.65321895265761230930e-2) * rr
                            + 2.96560571828504891230e-1) * rr + 1.78482653991729133580e0) * rr
                        + 5.46378491116411436990e0) * rr + 6.65790464350110377720e0)
                / (((((((2.04426310338993978564e-15 * rr + 1.42151175831644588870e-7) * rr
                                + 1.84631831751005468180e-5) * rr + 7.86869131145613259100e-4) * rr
                            + 1.48753612908506148525e-2) * rr + 1.36929880922735805310e-1) * rr
                        + 5.99832206555887937690e-1) * rr + 1.0);
        }
        return q < 0 ? -x : x;
    }

    /// <summary>z[i] = Φ⁻¹(u[i]).</summary>
    public static void InverseCdfs(ReadOnlySpan<double> u, Span<double> z)
    {
        if (z.Length < u.Length) throw new ArgumentException("output span is shorter than the input", nameof(z));
        for (int i = 0; i < u.Length; i++) z[i] = InverseCdf(u[i]);
    }

    /// <summary>
    /// Φ⁻¹(Φ(α) + u(Φ(β) − Φ(α))) for standardised bounds α &lt; β, computed stably in the tails
    /// (agreement with the literal formula to 1e−9 relative where that is representable).
    /// </summary>
    /// <remarks>
    /// The target probability is formed on the side of the median where it lies: below ½ from the
    /// lower-tail masses Φ(α), Φ(β) (the literal formula, given <paramref name="cdfAlpha"/> and
    /// <paramref name="cdfBeta"/>); above ½ from the upper-tail masses 1 − Φ = Φ(−·), which are computed
    /// directly from α and β. The upper side thus never subtracts nearly equal numbers close to 1, and
    /// Φ⁻¹ is never asked for 1 when the exact target is below 1.
    /// </remarks>
    public static double TruncatedInverseCdf(double u, double cdfAlpha, double cdfBeta, double alpha, double beta)
    {
        double lower = cdfAlpha + u * (cdfBeta - cdfAlpha);
        if (lower <= 0.5)
        {
            // Φ(β) > 0 and u > 0 give a positive target unless it underflows.
            if (!(lower > 0)) lower = double.Epsilon;
            return InverseCdf(lower);
        }
        double qa = Cdf(-alpha); // 1 − Φ(α)
        double qb = Cdf(-beta);  // 1 − Φ(β)
        double upper = qb + (1.0 - u) * (qa - qb);
        if (!(upper > 0)) upper = double.Epsilon;
        if (upper > 0.5) return InverseCdf(lower); // only by rounding at the median
        return -InverseCdf(upper);
    }
}
