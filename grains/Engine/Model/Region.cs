namespace ScenarioGrid.Engine.Model;

public sealed record Region(
    string Id,
    string Name,
    Parameter ElectricityUsdPerKWh,
    Parameter LaborUsdPerHour,
    Parameter CapexMultiplier,
    Parameter Wacc,
    Parameter DepreciationYears,
    Parameter FixedOpexRate,
    Parameter UtilizationMax,
    Parameter SubsidyUsdPerKWh);
