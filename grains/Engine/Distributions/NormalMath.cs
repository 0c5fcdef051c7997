namespace ScenarioGrid.Engine.Distributions;

/// <summary>Standard normal Φ and Φ⁻¹ to near double precision.</summary>
public static class NormalMath
{
    /// <summary>Φ(z).</summary>
    public static double Cdf(double z) => throw new NotImplementedException();

    /// <summary>Φ⁻¹(u) for u in (0, 1).</summary>
    public static double InverseCdf(double u) => throw new NotImplementedException();

    /// <summary>
    /// Φ⁻¹(Φ(α) + u(Φ(β) − Φ(α))) for standardised bounds α &lt; β, computed stably in the tails
    /// (agreement with the literal formula to 1e−9 relative where that is representable).
    /// </summary>
    public static double TruncatedInverseCdf(double u, double cdfAlpha, double cdfBeta, double alpha, double beta)
        => throw new NotImplementedException();
}
