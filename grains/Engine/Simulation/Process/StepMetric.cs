namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>The step metrics of model-spec-v2 §5 in output order: the cost waterfall, then the step's yield.</summary>
public enum StepMetric
{
    StepCostUsdPerKWh,
    StepMaterialsUsdPerKWh,
    StepEnergyUsdPerKWh,
    StepLaborUsdPerKWh,
    StepCapitalUsdPerKWh,
    StepFixedUsdPerKWh,
    StepYield,
}

public static class StepMetrics
{
    public const int Count = 7;

    /// <summary>The waterfall metrics (all but the yield): the ones a route reports and the ones that sum to cost.</summary>
    public const int CostCount = 6;

    private static readonly string[] Names =
    [
        "stepCostUsdPerKWh", "stepMaterialsUsdPerKWh", "stepEnergyUsdPerKWh", "stepLaborUsdPerKWh",
        "stepCapitalUsdPerKWh", "stepFixedUsdPerKWh", "stepYield",
    ];

    public static string Name(this StepMetric m) => Names[(int)m];

    public static IReadOnlyList<string> AllNames => Names;

    public static bool TryParse(string name, out StepMetric metric)
    {
        int i = Array.IndexOf(Names, name);
        metric = (StepMetric)Math.Max(i, 0);
        return i >= 0;
    }
}
