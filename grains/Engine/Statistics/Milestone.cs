namespace ScenarioGrid.Engine.Statistics;

/// <summary>Per-route milestones of model-spec section 5, in output order.</summary>
public enum Milestone { FirstOutput, CostThreshold, Parity, MassProduction }

public static class Milestones
{
    public const int Count = 4;
    private static readonly string[] Names = ["firstOutput", "costThreshold", "parity", "massProduction"];
    public static string Name(this Milestone m) => Names[(int)m];
}
