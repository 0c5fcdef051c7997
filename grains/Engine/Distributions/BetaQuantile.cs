namespace ScenarioGrid.Engine.Distributions;

/// <summary>Inverse regularised incomplete Beta function for one (α, β), within 1e−9 of the exact quantile.</summary>
public sealed class BetaQuantile
{
    public static BetaQuantile For(double alpha, double beta) => throw new NotImplementedException();
    public double Quantile(double u) => throw new NotImplementedException();
}
