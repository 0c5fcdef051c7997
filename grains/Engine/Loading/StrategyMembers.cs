using ScenarioGrid.Engine.Loading.Validation;
using ScenarioGrid.Engine.Model;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Loading;

/// <summary>
/// Builds and validates the members of a file's strategy set (model-spec-v2 §2.3, §2.5 rule 8, §11.1): each strategy's
/// <c>set</c> applied, in order, to a copy of the resolved file, validated as a whole scenario. A member's error is
/// reported at the entry of the strategy's set that caused it, with <c>[strategy id]</c> before the rule.
/// </summary>
internal static class StrategyMembers
{
    public static Scenario? Build(ValidationContext context, YMap root, Scenario file, List<StrategyDraft> drafts,
        List<(StrategyComparisonSpec Spec, YMap Node, string Path)> comparisons, string sha256)
    {
        var members = new List<StrategyMember>();
        bool ok = true;
        foreach (var draft in drafts)
        {
            var tree = Clone(root);
            tree.Remove("strategies");
            tree.Remove("strategyComparisons");
            var errors = new List<ValidationError>();
            new Inheritance(_ => default, errors).ApplyEntries(draft.Set, tree);
            var member = errors.Count == 0 ? ScenarioValidator.ValidateMember(tree, sha256, errors) : null;
            foreach (var e in errors) context.Report(Relocate(e, draft));
            if (member is null) { ok = false; continue; }
            members.Add(new StrategyMember(draft.Id, draft.Name, draft.Description, member with { Strategy = draft.Id }));
        }
        if (!ok) return null;

        var scenario = file with { Strategy = "base", Strategies = members };
        foreach (var (spec, node, path) in comparisons)
            foreach (var id in new[] { spec.A, spec.B })
                ok &= CheckComparison(context, scenario.Member(id), id, spec, node, path);
        return ok ? scenario : null;
    }

    /// <summary>The entity, metric and step of a strategy comparison exist in the member (§2.3, §10.7).</summary>
    private static bool CheckComparison(ValidationContext context, Scenario member, string id, StrategyComparisonSpec spec, YMap node, string path)
    {
        var entities = new EntityCatalog(member);
        if (!entities.TryFind(spec.Entity, out int index))
        {
            context.Error(node.Get("entity")!, path + ".entity", $"[strategy {id}] unknown entity '{spec.Entity}'");
            return false;
        }
        var entity = entities.All[index];
        if (StepMetrics.TryParse(spec.Metric, out var stepMetric))
        {
            if (StepMetricRules.Check(context, node, path, null, null, spec.Metric, spec.Step) is false) return false;
            bool kindOk = stepMetric == StepMetric.StepYield ? entity.Kind == EntityKind.Plant : entity.Kind is EntityKind.Plant or EntityKind.Route;
            if (!kindOk)
            {
                context.Error(node.Get("entity")!, path + ".entity", $"{spec.Metric} is not reported for '{spec.Entity}'");
                return false;
            }
            return StepMetricRules.CheckStep(context, new ProcessLayout(member), node, path, "entity", spec.Entity, spec.Step!, id);
        }
        if (spec.Step is not null)
        {
            context.Error(node.Get("step")!, path + ".step", $"only a step metric takes a step ({spec.Metric} is not one)");
            return false;
        }
        if (!Metrics.TryParseReported(spec.Metric, out var metric) || !entity.HasMetric(metric))
        {
            context.Error(node.Get("metric")!, path + ".metric", $"'{spec.Entity}' does not report {spec.Metric}");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Keeps an error written inside the strategy's set where it is; any other goes to the set entry whose path
    /// shares the longest prefix with the error's path (the first entry when none does).
    /// </summary>
    private static ValidationError Relocate(ValidationError e, StrategyDraft draft)
    {
        string rule = $"[strategy {draft.Id}] {e.Rule}";
        if (Inside(draft.Set, e)) return e with { Rule = rule };
        var best = draft.Set.Entries.OrderByDescending(x => CommonPrefix(x.Key.Text, e.Path)).First();
        return e with { File = best.Key.File, Line = best.Key.Line, Column = best.Key.Column, Rule = rule };
    }

    private static bool Inside(YNode node, ValidationError e)
    {
        if (node.File == e.File && node.Line == e.Line && node.Column == e.Column) return true;
        return node switch
        {
            YMap m => m.Entries.Any(x => Inside(x.Key, e) || Inside(x.Value, e)),
            YSeq s => s.Items.Any(x => Inside(x, e)),
            _ => false,
        };
    }

    private static int CommonPrefix(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        int n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n]) n++;
        return n;
    }

    /// <summary>A deep copy of maps and lists (scalars are immutable and shared): a set must not write into the file's tree.</summary>
    private static YMap Clone(YMap map)
    {
        var copy = new YMap(map.File, map.Line, map.Column);
        foreach (var e in map.Entries) copy.Add(new YEntry(e.Key, CloneNode(e.Value)));
        return copy;
    }

    private static YNode CloneNode(YNode node)
    {
        switch (node)
        {
            case YMap m: return Clone(m);
            case YSeq s:
                var seq = new YSeq(s.File, s.Line, s.Column);
                seq.Items.AddRange(s.Items.Select(CloneNode));
                return seq;
            default: return node;
        }
    }
}
