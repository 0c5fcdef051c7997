using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// The blocks every route is measured against: the horizon of simulated years, the targets (cost threshold
/// and mass production), the incumbent benchmark cell and the global lithium price index.
/// </summary>
internal static class ScenarioSettingsRules
{
    public static Horizon? ReadHorizon(ValidationContext context, YMap root)
    {
        var map = context.RequiredMap(root, "horizon", "horizon");
        if (map is null) return null;
        context.CheckKeys(map, "horizon", ["start", "end"]);
        var start = context.Number(map, "start", "horizon.start", Bounds.Year, fixedOnly: true, wholeYear: true);
        var end = context.Number(map, "end", "horizon.end", Bounds.Year, fixedOnly: true, wholeYear: true);
        if (start is null || end is null) return null;
        int s = (int)start.Fixed, e = (int)end.Fixed;
        if (e < s)
        {
            context.Error(end.Node, "horizon.end", $"horizon.end must be >= horizon.start ({s})");
            return null;
        }
        if (e - s >= 60)
        {
            context.Error(end.Node, "horizon.end", $"the horizon must be shorter than 60 years (end - start < 60, here {e - s})");
            return null;
        }
        return new Horizon(Start: s, End: e);
    }

    public static Targets? ReadTargets(ValidationContext context, YMap root)
    {
        var map = context.RequiredMap(root, "targets", "targets");
        if (map is null) return null;
        context.CheckKeys(map, "targets", ["costThresholdUsdPerKWh", "massProductionGWh"]);
        var cost = context.Number(map, "costThresholdUsdPerKWh", "targets.costThresholdUsdPerKWh", Bounds.Positive, fixedOnly: true);
        var mass = context.Number(map, "massProductionGWh", "targets.massProductionGWh", Bounds.Positive, fixedOnly: true);
        return cost is null || mass is null ? null
            : new Targets(CostThresholdUsdPerKWh: cost.Fixed, MassProductionGWh: mass.Fixed);
    }

    public static Benchmark? ReadBenchmark(ValidationContext context, YMap root)
    {
        var map = context.RequiredMap(root, "benchmark", "benchmark");
        if (map is null) return null;
        context.CheckKeys(map, "benchmark", ["name", "startUsdPerKWh", "annualChange"]);
        string name = context.OptionalText(map, "name", "benchmark.name") ?? "benchmark";
        var start = context.Number(map, "startUsdPerKWh", "benchmark.startUsdPerKWh", Bounds.Positive);
        var change = context.Number(map, "annualChange", "benchmark.annualChange", Bounds.Above(-1));
        return start is null || change is null ? null
            : new Benchmark(Name: name, StartUsdPerKWh: start.Parameter, AnnualChange: change.Parameter);
    }

    /// <summary>The lithium price index; globals is optional and the index defaults to 1.</summary>
    public static Parameter? ReadLithiumPriceIndex(ValidationContext context, YMap root)
    {
        const string path = "globals.lithiumPriceIndex";
        var node = root.Get("globals");
        if (node is null) return context.Default(path, 1);
        if (context.AsMap(node, "globals") is not { } map) return null;
        context.CheckKeys(map, "globals", ["lithiumPriceIndex"]);
        return context.Number(map, "lithiumPriceIndex", path, Bounds.Positive, defaultValue: 1)?.Parameter;
    }
}
