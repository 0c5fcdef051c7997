namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// The batch-means (sectioning) confidence interval of an estimate from k independent, equal-sized work units:
/// θ̄ = mean of the per-unit estimates θ₁…θₖ, half-width = t(0.975, k−1) · s / √k, with s their sample standard
/// deviation. For a mean or a proportion this is the usual interval of a mean of k i.i.d. values; for a quantile the
/// spread of per-unit quantiles estimates the standard error of a quantile of k·n trials (asymptotically normal with
/// variance p(1−p)/(k·n·f²), the same for both), which is why units must be equal-sized. docs/convergence.md.
/// </summary>
public static class BatchMeans
{
    // Student's t, 0.975 quantile, 1..30 degrees of freedom (standard tables, 3 decimals).
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The 0.975 quantile of the normal distribution.</summary>
    public const double Z975 = 1.959963984540054;

    /// <summary>t(0.975, ν): the table up to 30, then the Cornish–Fisher expansion in 1/ν (error below 1e−5 there).</summary>
    public static double StudentT975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (degreesOfFreedom <= T975.Length) return T975[degreesOfFreedom - 1];
        return CornishFisherT975(degreesOfFreedom);
    }

    /// <summary>t(0.975, ν) ≈ z + (z³+z)/4ν + (5z⁵+16z³+3z)/96ν² + (3z⁷+19z⁵+17z³−15z)/384ν³ (Abramowitz–Stegun 26.7.5).</summary>
    public static double CornishFisherT975(double nu)
    {
        double z = Z975, z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2;
        return z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu)
               + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu * nu * nu);
    }

    /// <summary>
    /// The mean of <paramref name="estimates"/> and the 95 % half-width; NaN half-width with fewer than two estimates
    /// or any NaN among them (a unit where the statistic was undefined: the interval is unknown, never zero).
    /// </summary>
    public static (double Mean, double HalfWidth) Interval(IReadOnlyList<double> estimates)
    {
        int k = estimates.Count;
        if (k == 0) return (double.NaN, double.NaN);
        double mean = 0, m2 = 0;
        for (int i = 0; i < k; i++)
        {
            double x = estimates[i], delta = x - mean;
            mean += delta / (i + 1);
            m2 += delta * (x - mean);
        }
        if (k < 2 || double.IsNaN(mean)) return (mean, double.NaN);
        double s = Math.Sqrt(m2 / (k - 1));
        return (mean, StudentT975(k - 1) * s / Math.Sqrt(k));
    }
}
