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
    // Model v2, option entities only (model-spec-v2 §5).
    AdoptedCapacityGWh,
    AdoptedOutputGWh,
}

public static class Metrics
{
    /// <summary>The metrics of world, routes, regions, plants and benchmark (v1): what the kernels emit per plant and group.</summary>
    public const int Count = 12;

    /// <summary>With the option metrics of model v2: every metric a document may report.</summary>
    public const int ReportedCount = 14;

    /// <summary>The cost components in the order the kernel sums them G-weighted (cost first).</summary>
    public const int CostComponentCount = 7;

    private static readonly string[] Names =
    [
        "capacityGWh", "outputGWh", "cumulativeOutputGWh", "utilization", "yield", "costUsdPerKWh",
        "materialsUsdPerKWh", "energyUsdPerKWh", "laborUsdPerKWh", "capitalUsdPerKWh", "fixedUsdPerKWh",
        "subsidyUsdPerKWh", "adoptedCapacityGWh", "adoptedOutputGWh",
    ];

    public static string Name(this Metric m) => Names[(int)m];

    /// <summary>The v1 metric names (what v1 messages and queries list).</summary>
    public static IReadOnlyList<string> AllNames { get; } = Names[..Count];

    public static bool TryParse(string name, out Metric metric)
    {
        int i = Array.IndexOf(Names, name, 0, Count);
        metric = (Metric)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Any reported metric name, the option metrics of v2 included.</summary>
    public static bool TryParseReported(string name, out Metric metric)
    {
        int i = Array.IndexOf(Names, name);
        metric = (Metric)Math.Max(i, 0);
        return i >= 0;
    }
}
