namespace ScenarioGrid.Engine.Model;

/// <summary>Every numeric parameter of a scenario, fixed or uncertain, in one canonical order.</summary>
public static class ScenarioParameters
{
    /// <summary>
    /// Globals, benchmark, regions, routes (materials first), plants (delay, capacity, overrides), each in
    /// file order. The order only fixes how inputs are listed; draws depend on paths, not on this order.
    /// </summary>
    private static void AddChain(List<Parameter> all, ProcessChain? chain)
    {
        foreach (var step in chain?.Steps ?? []) all.AddRange(step.Fields.Values);
    }

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
        // Model v2: route chains after the routes, plant chains after the plants, options last (file order).
        foreach (var r in s.Routes) AddChain(all, r.Process);
        foreach (var p in s.Plants) AddChain(all, p.Process);
        foreach (var o in s.Options)
        {
            all.Add(o.ReadyYear);
            foreach (var e in o.Effects)
                switch (e)
                {
                    case ValueEffect v: all.Add(v.Value); break;
                    case AddStepEffect a: all.AddRange(a.Step.Fields.Values); break;
                    case ReplaceStepEffect rs: all.AddRange(rs.Step.Fields.Values); break;
                }
        }
        return all;
    }
}
