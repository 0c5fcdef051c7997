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

    /// <summary>The scenario, or null when <paramref name="errors"/> gained at least one error.</summary>
    public static Scenario? Validate(YMap root, string sha256, List<ValidationError> errors)
    {
        int before = errors.Count;
        var scenario = Read(new ValidationContext(errors), root, sha256);
        return errors.Count == before ? scenario : null;
    }

    private static Scenario? Read(ValidationContext context, YMap root, string sha256)
    {
        context.CheckKeys(root, "", TopKeys);

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

        var correlations = CorrelationRules.Read(context, root);
        var comparisons = ComparisonRules.Read(context, root, regionIds, routesById.Keys, plants.Select(p => p.Id));

        if (id is null || name is null || horizon is null || targets is null || benchmark is null
            || lithiumPriceIndex is null || context.ErrorCount > 0)
            return null;
        return new Scenario(
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
            Sha256: sha256);
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
