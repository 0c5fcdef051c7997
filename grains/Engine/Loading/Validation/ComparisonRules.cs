using System.Globalization;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// The paired comparisons a strategist asks for: two entities of this scenario (world, benchmark, a route,
/// region or plant) and one metric.
/// </summary>
internal static class ComparisonRules
{
    // The metric names of the result document (model-spec section 6), one list for the whole engine.
    private static IReadOnlyList<string> Metrics => Simulation.Metrics.AllNames;

    public static List<ComparisonSpec> Read(ValidationContext context, YMap root, HashSet<string> regions,
        IEnumerable<string> routes, IEnumerable<string> plants, List<(ComparisonSpec, YMap, string)>? withSteps = null)
    {
        var result = new List<ComparisonSpec>();
        var node = root.Get("comparisons");
        if (node is null || ValidationContext.IsInvalid(node)) return result;
        if (node is not YSeq seq)
        {
            context.Error(node, "comparisons", $"comparisons must be a list of {{a, b, metric}}, got {ValidationContext.Describe(node)}");
            return result;
        }
        var entities = new HashSet<string>(StringComparer.Ordinal) { "world", "benchmark" };
        foreach (var r in routes) entities.Add("route:" + r);
        foreach (var g in regions) entities.Add("region:" + g);
        foreach (var p in plants) entities.Add("plant:" + p);

        for (int i = 0; i < seq.Items.Count; i++)
        {
            string cpath = "comparisons." + i.ToString(CultureInfo.InvariantCulture);
            if (context.AsMap(seq.Items[i], cpath) is not { } entry) continue;
            context.CheckKeys(entry, cpath, context.IsV2 ? ["a", "b", "metric", "step"] : ["a", "b", "metric"]);
            string? a = context.RequiredText(entry, "a", cpath + ".a");
            string? b = context.RequiredText(entry, "b", cpath + ".b");
            string? metric = context.RequiredText(entry, "metric", cpath + ".metric");
            bool ok = a is not null && b is not null && metric is not null;
            foreach (var (side, value) in new[] { ("a", a), ("b", b) })
            {
                if (value is null || entities.Contains(value)) continue;
                context.Error(entry.Get(side)!, cpath + "." + side,
                    $"unknown entity '{value}' (world, benchmark, route:<id>, region:<id> or plant:<id> of this scenario)");
                ok = false;
            }
            string? step = context.IsV2 && entry.Get("step") is { } stepNode ? context.Text(stepNode, cpath + ".step") : null;
            if (context.IsV2 && metric is not null && StepMetricRules.Check(context, entry, cpath, a, b, metric, step) is { } stepOk)
            {
                if (stepOk && a is not null && b is not null)
                {
                    var spec = new ComparisonSpec(a, b, metric) { Step = step };
                    result.Add(spec);
                    withSteps?.Add((spec, entry, cpath));
                }
                continue;
            }
            if (metric is not null && !Metrics.Contains(metric))
            {
                context.Error(entry.Get("metric")!, cpath + ".metric", $"unknown metric '{metric}' (one of {string.Join(", ", Metrics)})");
                ok = false;
            }
            else if (metric is not null && metric != "costUsdPerKWh")
            {
                foreach (var side in new[] { "a", "b" })
                {
                    if (entry.Get(side) is YScalar { Text: "benchmark" } s)
                    {
                        context.Error(s, cpath + "." + side, $"benchmark may be a side only with metric costUsdPerKWh, not {metric}");
                        ok = false;
                    }
                }
            }
            if (ok && step is not null)
            {
                context.Error(entry.Get("step")!, cpath + ".step", $"only a step metric takes a step ({metric} is not one)");
                ok = false;
            }
            if (ok) result.Add(new ComparisonSpec(A: a!, B: b!, Metric: metric!));
        }
        return result;
    }
}
