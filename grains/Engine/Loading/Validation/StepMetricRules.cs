using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Comparisons on a step metric (model-spec-v2 §2.5 rule 9): a step metric needs <c>step</c>, is for <c>route:</c> and
/// <c>plant:</c> entities only (<c>stepYield</c> for plants only), and the step must be in both entities' waterfalls.
/// </summary>
internal static class StepMetricRules
{
    /// <summary>Null when <paramref name="metric"/> is no step metric (the caller's v1 rules apply); else whether it is sound so far.</summary>
    public static bool? Check(ValidationContext context, YMap entry, string path, string? a, string? b, string metric, string? step)
    {
        if (!StepMetrics.TryParse(metric, out var m)) return null;
        bool ok = true;
        if (step is null)
        {
            context.Missing(entry, "step", path + ".step", $"the step metric {metric} needs the step it is about");
            ok = false;
        }
        foreach (var (side, value) in new[] { ("a", a), ("b", b) })
        {
            if (value is null || entry.Get(side) is not { } node) continue;
            bool plant = value.StartsWith("plant:", StringComparison.Ordinal), route = value.StartsWith("route:", StringComparison.Ordinal);
            if (m == StepMetric.StepYield ? plant : plant || route) continue;
            context.Error(node, path + "." + side, m == StepMetric.StepYield
                ? "stepYield is reported for plant: entities only"
                : $"step metrics are reported for route: and plant: entities only, not '{value}'");
            ok = false;
        }
        return ok;
    }

    /// <summary>The step must be in the waterfall of <paramref name="entity"/> (checked once the layout is known).</summary>
    public static bool CheckStep(ValidationContext context, ProcessLayout layout, YMap entry, string path, string side, string entity,
        string step, string? member = null)
    {
        if (layout.TryFindRow(entity, step, out _)) return true;
        var node = entry.Get("step") ?? (YNode)entry;
        context.Error(node, path + ".step", (member is null ? "" : $"[strategy {member}] ")
            + $"'{entity}' ({side}) has no step '{step}' in its waterfall"
            + (layout.HasSteps(entity) ? "" : " (it has no process chain)"));
        return false;
    }
}
