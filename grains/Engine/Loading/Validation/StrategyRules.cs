using System.Globalization;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>A strategy as written: its <c>set</c> is applied to the resolved file to make the member (§2.3).</summary>
internal sealed record StrategyDraft(string Id, string Name, string Description, YMap Set, YScalar Key);

/// <summary>
/// Strategies and the comparisons across them (model-spec-v2 §2.3, §2.5 rules 8–9). The members themselves are
/// validated as whole scenarios by <see cref="StrategyMembers"/> once the file is valid.
/// </summary>
internal static class StrategyRules
{
    /// <summary>Keys a strategy's set may not write.</summary>
    public static readonly string[] Forbidden = ["id", "extends", "set", "horizon", "strategies", "strategyComparisons"];

    public static List<StrategyDraft> Read(ValidationContext context, YMap root)
    {
        var result = new List<StrategyDraft>();
        var node = root.Get("strategies");
        if (node is null || ValidationContext.IsInvalid(node)) return result;
        if (context.AsMap(node, "strategies") is not { } map) return result;
        foreach (var e in map.Entries)
        {
            string id = e.Key.Text, path = "strategies." + id;
            if (!Ids.IsScenarioId(id) || id == "base")
            {
                context.Error(e.Key, path, id, "a strategy id must match [a-z0-9][a-z0-9-]* and may not be 'base' (the file's own member)");
                continue;
            }
            if (context.AsMap(e.Value, path) is not { } strategy) continue;
            context.CheckKeys(strategy, path, ["name", "description", "set"]);
            string name = context.OptionalText(strategy, "name", path + ".name") ?? id;
            string description = context.OptionalText(strategy, "description", path + ".description") ?? "";
            if (context.RequiredMap(strategy, "set", path + ".set") is not { } set) continue;
            bool ok = true;
            foreach (var entry in set.Entries)
            {
                string head = entry.Key.Text.Split('.')[0];
                if (!Forbidden.Contains(head)) continue;
                context.Error(entry.Key, path + ".set." + entry.Key.Text, entry.Key.Text, $"a strategy's set may not write '{head}'");
                ok = false;
            }
            if (ok) result.Add(new StrategyDraft(id, name, description, set, e.Key));
        }
        return result;
    }

    /// <summary>The listed comparisons; which entities, metrics and steps exist is checked per member later.</summary>
    public static List<(StrategyComparisonSpec Spec, YMap Node, string Path)> ReadComparisons(ValidationContext context, YMap root,
        IReadOnlyCollection<string> members)
    {
        var result = new List<(StrategyComparisonSpec, YMap, string)>();
        var node = root.Get("strategyComparisons");
        if (node is null || ValidationContext.IsInvalid(node)) return result;
        if (node is not YSeq seq)
        {
            context.Error(node, "strategyComparisons", $"strategyComparisons must be a list of {{a, b, entity, metric}}, got {ValidationContext.Describe(node)}");
            return result;
        }
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string cpath = "strategyComparisons." + i.ToString(CultureInfo.InvariantCulture);
            if (context.AsMap(seq.Items[i], cpath) is not { } entry) continue;
            context.CheckKeys(entry, cpath, ["a", "b", "entity", "metric", "step"]);
            string? a = context.RequiredText(entry, "a", cpath + ".a");
            string? b = context.RequiredText(entry, "b", cpath + ".b");
            string? entity = context.RequiredText(entry, "entity", cpath + ".entity");
            string? metric = context.RequiredText(entry, "metric", cpath + ".metric");
            string? step = entry.Get("step") is null ? null : context.Text(entry.Get("step")!, cpath + ".step");
            bool ok = a is not null && b is not null && entity is not null && metric is not null;
            foreach (var (side, value) in new[] { ("a", a), ("b", b) })
            {
                if (value is null || members.Contains(value)) continue;
                context.Error(entry.Get(side)!, cpath + "." + side, $"unknown strategy '{value}' (members: {string.Join(", ", members)})");
                ok = false;
            }
            if (ok && a == b)
            {
                context.Error(entry.Get("b")!, cpath + ".b", "a strategy comparison needs two different members");
                ok = false;
            }
            if (ok) result.Add((new StrategyComparisonSpec(a!, b!, entity!, metric!, step), entry, cpath));
        }
        return result;
    }
}
