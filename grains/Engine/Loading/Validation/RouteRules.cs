using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Routes: a cell chemistry and its process (materials, energy, labour, capex, learning, yield and ramp-up).
/// Each route remembers its values by route-relative path, because plants override them by that path.
/// </summary>
internal static class RouteRules
{
    private static readonly string[] Keys =
        ["name", "family", "materials", "processEnergyKWhPerKWh", "laborHoursPerKWh", "capexUsdPerKWhYear",
         "capexFloorUsdPerKWhYear", "dryRoomUsdPerKWhYear", "learning", "yield", "rampTimeConstantYears", "process"];

    /// <summary>Route-relative numeric parameters a plant may override (learning excluded).</summary>
    public static readonly Dictionary<string, Bounds> OverridableFields = new(StringComparer.Ordinal)
    {
        ["processEnergyKWhPerKWh"] = Bounds.NonNegative,
        ["laborHoursPerKWh"] = Bounds.NonNegative,
        ["capexUsdPerKWhYear"] = Bounds.Positive,
        ["capexFloorUsdPerKWhYear"] = Bounds.NonNegative,
        ["dryRoomUsdPerKWhYear"] = Bounds.NonNegative,
        ["rampTimeConstantYears"] = Bounds.NonNegative,
        ["yield.initial"] = Bounds.YieldFraction,
        ["yield.mature"] = Bounds.YieldFraction,
        ["yield.timeConstantYears"] = Bounds.NonNegative,
    };

    public static List<RouteInfo> Read(ValidationContext context, YMap root) =>
        context.Entries(root, "routes", "route", (map, id, path) => ReadRoute(context, map, id, path));

    private static RouteInfo ReadRoute(ValidationContext context, YMap map, string id, string path)
    {
        var info = new RouteInfo(id);
        context.CheckKeys(map, path, context.IsV2 ? Keys : Keys[..^1]);
        string name = context.OptionalText(map, "name", path + ".name") ?? id;
        string family = context.OptionalText(map, "family", path + ".family") ?? "";
        var materials = MaterialRules.Read(context, map, path, info);

        FieldValue? Field(string key) => info.Remember(key, context.Number(map, key, path + "." + key,
            OverridableFields[key], defaultValue: key is "capexFloorUsdPerKWhYear" or "dryRoomUsdPerKWhYear" ? 0 : null));

        var energy = Field("processEnergyKWhPerKWh");
        var labor = Field("laborHoursPerKWh");
        var capex = Field("capexUsdPerKWhYear");
        var capexFloor = Field("capexFloorUsdPerKWhYear");
        var dryRoom = Field("dryRoomUsdPerKWhYear");

        FieldValue? processRate = null, cumulativeGWh0 = null;
        if (context.RequiredMap(map, "learning", path + ".learning") is { } learning)
        {
            context.CheckKeys(learning, path + ".learning", ["processRate", "cumulativeGWh0"]);
            processRate = context.Number(learning, "processRate", path + ".learning.processRate", Bounds.Fraction01Open);
            cumulativeGWh0 = context.Number(learning, "cumulativeGWh0", path + ".learning.cumulativeGWh0", Bounds.Positive,
                fixedOnly: true);
        }

        FieldValue? yieldInitial = null, yieldMature = null, yieldTau = null;
        if (context.RequiredMap(map, "yield", path + ".yield") is { } yieldMap)
        {
            context.CheckKeys(yieldMap, path + ".yield", ["initial", "mature", "timeConstantYears"]);
            yieldInitial = info.Remember("yield.initial",
                context.Number(yieldMap, "initial", path + ".yield.initial", Bounds.YieldFraction));
            yieldMature = info.Remember("yield.mature",
                context.Number(yieldMap, "mature", path + ".yield.mature", Bounds.YieldFraction));
            yieldTau = info.Remember("yield.timeConstantYears",
                context.Number(yieldMap, "timeConstantYears", path + ".yield.timeConstantYears", Bounds.NonNegative));
        }
        var ramp = Field("rampTimeConstantYears");
        ProcessChain? chain = null;
        bool chainOk = true;
        if (context.IsV2)
            chain = ProcessRules.ReadChain(context, map, path,
                new ProcessRules.StepScope(info.Materials.Keys.ToArray(), AllowReadyYear: true, AllowLearningRate: true), out chainOk);

        if (capex is not null && capexFloor is not null)
            context.CheckNotAbove(capexFloor, capex, "capexFloorUsdPerKWhYear", "capexUsdPerKWhYear", null);
        if (yieldInitial is not null && yieldMature is not null)
            context.CheckNotAbove(yieldInitial, yieldMature, "yield.initial", "yield.mature", null);

        if (materials is not null && energy is not null && labor is not null && capex is not null && capexFloor is not null
            && dryRoom is not null && processRate is not null && cumulativeGWh0 is not null && yieldInitial is not null
            && yieldMature is not null && yieldTau is not null && ramp is not null && chainOk)
        {
            info.Route = new Route(
                Id: id,
                Name: name,
                Family: family,
                Materials: materials,
                ProcessEnergyKWhPerKWh: energy.Parameter,
                LaborHoursPerKWh: labor.Parameter,
                CapexUsdPerKWhYear: capex.Parameter,
                CapexFloorUsdPerKWhYear: capexFloor.Parameter,
                DryRoomUsdPerKWhYear: dryRoom.Parameter,
                LearningProcessRate: processRate.Parameter,
                CumulativeGWh0: cumulativeGWh0.Fixed,
                YieldInitial: yieldInitial.Parameter,
                YieldMature: yieldMature.Parameter,
                YieldTimeConstantYears: yieldTau.Parameter,
                RampTimeConstantYears: ramp.Parameter) { Process = chain };
        }
        return info;
    }
}
