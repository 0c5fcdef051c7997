namespace ScenarioGrid.Engine.Model;

/// <summary>Every numeric parameter of a scenario, fixed or uncertain, in one canonical order.</summary>
public static class ScenarioParameters
{
    /// <summary>
    /// Globals, benchmark, regions, routes (materials first), plants (delay, capacity, overrides), each in
    /// file order. The order only fixes how inputs are listed; draws depend on paths, not on this order.
    /// </summary>
    public static IReadOnlyList<Parameter> Enumerate(Scenario s)
    {
        var all = new List<Parameter> { s.LithiumPriceIndex, s.Benchmark.StartUsdPerKWh, s.Benchmark.AnnualChange };
        foreach (var g in s.Regions)
            all.AddRange([g.ElectricityUsdPerKWh, g.LaborUsdPerHour, g.CapexMultiplier, g.Wacc, g.DepreciationYears,
                g.FixedOpexRate, g.UtilizationMax, g.SubsidyUsdPerKWh]);
        foreach (var r in s.Routes)
        {
            foreach (var m in r.Materials)
                all.AddRange(new[] { m.KgPerKWh, m.UsdPerKg, m.UsdPerKWh, m.LithiumShare, m.LearningRate, m.FloorUsdPerKg }
                    .OfType<Parameter>());
            all.AddRange([r.ProcessEnergyKWhPerKWh, r.LaborHoursPerKWh, r.CapexUsdPerKWhYear, r.CapexFloorUsdPerKWhYear,
                r.DryRoomUsdPerKWhYear, r.LearningProcessRate, r.YieldInitial, r.YieldMature, r.YieldTimeConstantYears,
                r.RampTimeConstantYears]);
        }
        foreach (var p in s.Plants)
        {
            all.Add(p.SopDelayYears);
            all.AddRange(p.Capacity.Select(c => c.Gwh));
            all.AddRange(p.Overrides.Values);
        }
        return all;
    }
}
