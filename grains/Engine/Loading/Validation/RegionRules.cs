using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>Regions: where plants stand, with their energy, labour and capital costs and any subsidy.</summary>
internal static class RegionRules
{
    private static readonly string[] Keys =
        ["name", "electricityUsdPerKWh", "laborUsdPerHour", "capexMultiplier", "wacc", "depreciationYears",
         "fixedOpexRate", "utilizationMax", "subsidyUsdPerKWh"];

    public static List<RegionInfo> Read(ValidationContext context, YMap root) =>
        context.Entries(root, "regions", "region", (map, id, path) => ReadRegion(context, map, id, path));

    private static RegionInfo ReadRegion(ValidationContext context, YMap map, string id, string path)
    {
        context.CheckKeys(map, path, Keys);
        string name = context.OptionalText(map, "name", path + ".name") ?? id;
        Parameter? Field(string key, Bounds bounds, double? defaultValue = null) =>
            context.Number(map, key, path + "." + key, bounds, defaultValue: defaultValue)?.Parameter;

        var electricity = Field("electricityUsdPerKWh", Bounds.NonNegative);
        var labor = Field("laborUsdPerHour", Bounds.NonNegative);
        var capexMultiplier = Field("capexMultiplier", Bounds.Positive);
        var wacc = Field("wacc", Bounds.Fraction01Open);
        var depreciationYears = Field("depreciationYears", Bounds.Positive);
        var fixedOpexRate = Field("fixedOpexRate", Bounds.NonNegative);
        var utilizationMax = Field("utilizationMax", Bounds.YieldFraction);
        var subsidy = Field("subsidyUsdPerKWh", Bounds.NonNegative, defaultValue: 0);

        if (electricity is null || labor is null || capexMultiplier is null || wacc is null || depreciationYears is null
            || fixedOpexRate is null || utilizationMax is null || subsidy is null)
            return new RegionInfo(id, null);
        return new RegionInfo(id, new Region(
            Id: id,
            Name: name,
            ElectricityUsdPerKWh: electricity,
            LaborUsdPerHour: labor,
            CapexMultiplier: capexMultiplier,
            Wacc: wacc,
            DepreciationYears: depreciationYears,
            FixedOpexRate: fixedOpexRate,
            UtilizationMax: utilizationMax,
            SubsidyUsdPerKWh: subsidy));
    }
}
