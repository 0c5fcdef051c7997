using ScenarioGrid.Engine.Loading.Validation;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading;

/// <summary>
/// Turns a merged scenario tree into the model (spec sections 2–3), collecting every broken rule with the
/// file, line and column where the offending value was written. The rules live by section in
/// <c>Validation/</c>, one class per block of the file; a new block is a new section class called from here.
/// </summary>
/// <remarks>
/// Sections run in a fixed order, and the order matters: plants check their route and region against those
/// read before them, and correlations, read after every other value, may name any parameter of the scenario.
/// </remarks>
internal static class ScenarioValidator
{
    private static readonly string[] TopKeys =
        ["id", "name", "description", "horizon", "targets", "benchmark", "globals", "correlations", "comparisons",
         "regions", "routes", "plants"];

    private static readonly string[] V2TopKeys = ["options", "strategies", "strategyComparisons"];

    /// <summary>Model-spec-v2 §0: a route or plant <c>process</c>, <c>options</c>, <c>strategies</c>, <c>strategyComparisons</c> or a step comparison.</summary>
    public static bool IsV2(YMap root)
    {
        if (V2TopKeys.Any(root.Has)) return true;
        bool Processes(string key) => root.Get(key) is YMap m && m.Entries.Any(e => e.Value is YMap x && x.Has("process"));
        return Processes("routes") || Processes("plants")
            || root.Get("comparisons") is YSeq seq && seq.Items.Any(i => i is YMap c && c.Has("step"));
    }

    /// <summary>The scenario, or null when <paramref name="errors"/> gained at least one error.</summary>
    public static Scenario? Validate(YMap root, string sha256, List<ValidationError> errors)
    {
        int before = errors.Count;
        var context = new ValidationContext(errors) { IsV2 = IsV2(root) };
        var scenario = Read(context, root, sha256, out var strategies, out var strategyComparisons);
        if (errors.Count != before || scenario is null) return null;
        if (strategies.Count == 0 && strategyComparisons.Count == 0) return scenario;
        return StrategyMembers.Build(context, root, scenario, strategies, strategyComparisons, sha256);
    }

    /// <summary>A strategy member's tree (the file with the strategy's set applied): no strategies of its own.</summary>
    public static Scenario? ValidateMember(YMap root, string sha256, List<ValidationError> errors)
    {
        int before = errors.Count;
        var scenario = Read(new ValidationContext(errors) { IsV2 = true }, root, sha256, out _, out _);
        return errors.Count == before ? scenario : null;
    }

    private static Scenario? Read(ValidationContext context, YMap root, string sha256, out List<StrategyDraft> strategies,
        out List<(StrategyComparisonSpec Spec, YMap Node, string Path)> strategyComparisons)
    {
        context.CheckKeys(root, "", context.IsV2 ? [.. TopKeys, .. V2TopKeys] : TopKeys);

        string? id = ReadId(context, root);
        string? name = context.OptionalText(root, "name", "name") ?? id;
        string description = context.OptionalText(root, "description", "description") ?? "";

        var horizon = ScenarioSettingsRules.ReadHorizon(context, root);
        var targets = ScenarioSettingsRules.ReadTargets(context, root);
        var benchmark = ScenarioSettingsRules.ReadBenchmark(context, root);
        var lithiumPriceIndex = ScenarioSettingsRules.ReadLithiumPriceIndex(context, root);

        var regions = RegionRules.Read(context, root);
        var routes = RouteRules.Read(context, root);
        var regionIds = regions.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var routesById = routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var plants = PlantRules.Read(context, root, routesById, regionIds);

        var validRoutes = routes.Select(r => r.Route).OfType<Route>().ToArray();
        var validPlants = plants.Select(p => p.Plant).OfType<Plant>().ToArray();
        bool complete = validRoutes.Length == routes.Count && validPlants.Length == plants.Count && context.ErrorCount == 0;
        var options = context.IsV2
            ? OptionRules.Read(context, root, routes, validRoutes, regionIds, plants.Select(p => p.Id).ToHashSet(), validPlants, complete)
            : [];
        // Rule 7 needs every base value and every effect sound: with errors before it, it would only repeat them.
        if (complete && context.ErrorCount == 0)
            EffectBoundsRules.Check(context, root, validRoutes, validPlants, options);
        strategies = context.IsV2 ? StrategyRules.Read(context, root) : [];
        strategyComparisons = context.IsV2
            ? StrategyRules.ReadComparisons(context, root, ["base", .. strategies.Select(s => s.Id)])
            : [];

        var correlations = CorrelationRules.Read(context, root);
        var stepComparisons = new List<(ComparisonSpec Spec, YMap Node, string Path)>();
        var comparisons = ComparisonRules.Read(context, root, regionIds, routesById.Keys, plants.Select(p => p.Id), stepComparisons);

        if (id is null || name is null || horizon is null || targets is null || benchmark is null
            || lithiumPriceIndex is null || context.ErrorCount > 0)
            return null;
        var scenario = new Scenario(
            Id: id,
            Name: name,
            Description: description,
            Horizon: horizon,
            Targets: targets,
            Benchmark: benchmark,
            LithiumPriceIndex: lithiumPriceIndex,
            Regions: regions.Select(r => r.Region).OfType<Region>().ToArray(),
            Routes: routes.Select(r => r.Route).OfType<Route>().ToArray(),
            Plants: plants.Select(p => p.Plant).OfType<Plant>().ToArray(),
            Correlations: correlations,
            Comparisons: comparisons,
            Sha256: sha256)
        {
            IsV2 = context.IsV2,
            Options = options,
            StrategyComparisons = strategyComparisons.Select(c => c.Spec).ToArray(),
        };
        if (stepComparisons.Count > 0)
        {
            var layout = new Simulation.Process.ProcessLayout(scenario);
            bool ok = true;
            foreach (var (spec, node, path) in stepComparisons)
            {
                ok &= StepMetricRules.CheckStep(context, layout, node, path, "a", spec.A, spec.Step!);
                ok &= StepMetricRules.CheckStep(context, layout, node, path, "b", spec.B, spec.Step!);
            }
            if (!ok) return null;
        }
        return scenario;
    }

    private static string? ReadId(ValidationContext context, YMap root)
    {
        if (root.Find("id") is not { } entry)
        {
            context.Missing(root, "id", "id");
            return null;
        }
        string? id = context.Text(entry.Value, "id");
        if (id is not null && !Ids.IsScenarioId(id))
        {
            context.Error(entry.Value, "id", "a scenario id must match [a-z0-9][a-z0-9-]*");
            return null;
        }
        return id;
    }
}
