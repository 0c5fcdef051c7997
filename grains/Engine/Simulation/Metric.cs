namespace ScenarioGrid.Engine.Simulation;

/// <summary>The reported metrics, in the output order of model-spec section 5.</summary>
public enum Metric
{
    CapacityGWh,
    OutputGWh,
    CumulativeOutputGWh,
    Utilization,
    Yield,
    CostUsdPerKWh,
    MaterialsUsdPerKWh,
    EnergyUsdPerKWh,
    LaborUsdPerKWh,
    CapitalUsdPerKWh,
    FixedUsdPerKWh,
    SubsidyUsdPerKWh,
}

public static class Metrics
{
    public const int Count = 12;

    /// <summary>The cost components in the order the kernel sums them G-weighted (cost first).</summary>
    public const int CostComponentCount = 7;

    private static readonly string[] Names =
    [
        "capacityGWh", "outputGWh", "cumulativeOutputGWh", "utilization", "yield", "costUsdPerKWh",
        "materialsUsdPerKWh", "energyUsdPerKWh", "laborUsdPerKWh", "capitalUsdPerKWh", "fixedUsdPerKWh",
        "subsidyUsdPerKWh",
    ];

    public static string Name(this Metric m) => Names[(int)m];

    public static IReadOnlyList<string> AllNames => Names;

    public static bool TryParse(string name, out Metric metric)
    {
        int i = Array.IndexOf(Names, name);
        metric = (Metric)Math.Max(i, 0);
        return i >= 0;
    }
}
