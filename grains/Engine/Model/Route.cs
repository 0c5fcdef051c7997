namespace ScenarioGrid.Engine.Model;

public sealed record Route(
    string Id,
    string Name,
    string Family,
    IReadOnlyList<Material> Materials,
    Parameter ProcessEnergyKWhPerKWh,
    Parameter LaborHoursPerKWh,
    Parameter CapexUsdPerKWhYear,
    Parameter CapexFloorUsdPerKWhYear,
    Parameter DryRoomUsdPerKWhYear,
    Parameter LearningProcessRate,
    double CumulativeGWh0,
    Parameter YieldInitial,
    Parameter YieldMature,
    Parameter YieldTimeConstantYears,
    Parameter RampTimeConstantYears)
{
    /// <summary>The route's process chain (model v2), or null: a route without one is a v1 route.</summary>
    public ProcessChain? Process { get; init; }
}

/// <summary>
/// A bill-of-materials line. Either priced by mass (<see cref="KgPerKWh"/> × <see cref="UsdPerKg"/>, with
/// optional learning towards <see cref="FloorUsdPerKg"/>) or flat (<see cref="UsdPerKWh"/>).
/// Defaulted fields (lithiumShare 0, floor 0) are fixed parameters at their own path.
/// </summary>
public sealed record Material(
    string Id,
    Parameter? KgPerKWh,
    Parameter? UsdPerKg,
    Parameter? UsdPerKWh,
    Parameter LithiumShare,
    Parameter? LearningRate,
    Parameter FloorUsdPerKg)
{
    public bool IsFlat => UsdPerKWh is not null;
}
