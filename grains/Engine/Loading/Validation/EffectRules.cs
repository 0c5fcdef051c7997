using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// The effects of an option (model-spec-v2 §2.2): value changes (<c>multiply</c>, <c>add</c>, <c>set</c> on a target) and
/// structural changes of the chain (<c>addStep</c>, <c>removeStep</c>, <c>replaceStep</c>). What a target means for a plant
/// is checked by <see cref="PotentialChains"/>.
/// </summary>
internal static class EffectRules
{
    private static readonly Bounds Finite = new(double.NegativeInfinity, true, double.PositiveInfinity, true);

    private static readonly HashSet<string> CapexTargets =
        ["capexUsdPerKWhYear", "capexFloorUsdPerKWhYear", "capexShare"];

    public static List<OptionEffect>? Read(ValidationContext context, YMap option, string path, AdoptionRule adoption,
        IReadOnlyCollection<string> materials, ref bool ok)
    {
        string epath = path + ".effects";
        var node = option.Get("effects");
        if (node is null)
        {
            context.Missing(option, "effects", epath, "an option needs a non-empty list of effects");
            ok = false;
            return null;
        }
        if (node is not YSeq seq || seq.Items.Count == 0)
        {
            context.Error(node, epath, $"effects must be a non-empty list, got {ValidationContext.Describe(node)}");
            ok = false;
            return null;
        }
        var effects = new List<OptionEffect>();
        bool all = true;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string ipath = epath + "." + ProcessRules.Index(i);
            if (context.AsMap(seq.Items[i], ipath) is not { } map) { all = false; continue; }
            if (ReadEffect(context, map, ipath, adoption, materials) is { } e) effects.Add(e);
            else all = false;
        }
        ok &= all;
        return all ? effects : null;
    }

    private static OptionEffect? ReadEffect(ValidationContext context, YMap map, string path, AdoptionRule adoption,
        IReadOnlyCollection<string> materials)
    {
        string[] structural = ["addStep", "removeStep", "replaceStep"];
        var kind = structural.FirstOrDefault(k => map.Get(k) is not null);
        if (kind is not null && adoption == AdoptionRule.Retrofit)
        {
            context.Error(map.Find(kind)!.Key, path + "." + kind, kind,
                "a retrofit option changes operating quantities only: no structural effect (a line is built around its chain)");
            return null;
        }
        switch (kind)
        {
            case "addStep":
            {
                context.CheckKeys(map, path, ["addStep", "after", "before", "step"]);
                if (map.Get("after") is not null && map.Get("before") is not null)
                {
                    context.Error(map.Find("before")!.Key, path + ".before", "before", "an added step goes after or before one step, not both");
                    return null;
                }
                var position = map.Get("after") is not null ? StepPosition.After : map.Get("before") is not null ? StepPosition.Before : StepPosition.End;
                string? anchor = position switch
                {
                    StepPosition.After => context.RequiredText(map, "after", path + ".after"),
                    StepPosition.Before => context.RequiredText(map, "before", path + ".before"),
                    _ => null,
                };
                var step = NewStep(context, map, "addStep", path, materials);
                if (step is null || (position != StepPosition.End && anchor is null)) return null;
                return new AddStepEffect(step, position, anchor);
            }
            case "removeStep":
            {
                context.CheckKeys(map, path, ["removeStep"]);
                return context.RequiredText(map, "removeStep", path + ".removeStep") is { } k ? new RemoveStepEffect(k) : null;
            }
            case "replaceStep":
            {
                context.CheckKeys(map, path, ["replaceStep", "with", "step"]);
                string? replaced = context.RequiredText(map, "replaceStep", path + ".replaceStep");
                var step = NewStep(context, map, "with", path, materials);
                return replaced is null || step is null ? null : new ReplaceStepEffect(replaced, step);
            }
        }

        context.CheckKeys(map, path, ["target", "multiply", "add", "set"]);
        string? target = context.RequiredText(map, "target", path + ".target");
        var ops = new[] { "multiply", "add", "set" }.Where(o => map.Get(o) is not null).ToArray();
        if (ops.Length != 1)
        {
            context.Error(map, path, ops.Length == 0
                ? "an effect is {target, multiply|add|set: value}, {addStep}, {removeStep} or {replaceStep}"
                : $"an effect has exactly one of multiply, add and set; found {string.Join(" and ", ops)}");
            return null;
        }
        if (target is null) return null;
        string op = ops[0];
        if (adoption == AdoptionRule.Retrofit && CapexTargets.Contains(target.Split('.')[^1]))
        {
            context.Error(map.Get("target")!, path + ".target",
                "a retrofit option cannot change capex (capex is fixed at the line's start of production)");
            return null;
        }
        Bounds bounds = op switch
        {
            "multiply" => Bounds.NonNegative,
            "add" => Finite,
            _ => TargetBounds(target) ?? Finite, // an unknown target is reported per plant (PotentialChains)
        };
        var value = context.ReadValue(map.Get(op)!, path + "." + op, bounds);
        if (value is null) return null;
        var operation = op switch { "multiply" => EffectOperation.Multiply, "add" => EffectOperation.Add, _ => EffectOperation.Set };
        return new ValueEffect(target, operation, value.Parameter);
    }

    /// <summary>The bounds of a target path (a route field or a step field), or null when it is no known field.</summary>
    public static Bounds? TargetBounds(string target)
    {
        if (target.StartsWith("process.steps.", StringComparison.Ordinal))
        {
            var s = target.Split('.');
            return s.Length >= 4 ? ProcessRules.FieldBounds(string.Join('.', s[3..])) : null;
        }
        return OptionRules.RouteTargetBounds(target);
    }

    private static ProcessStep? NewStep(ValidationContext context, YMap map, string idKey, string path, IReadOnlyCollection<string> materials)
    {
        if (map.Find(idKey) is not { } idEntry) { context.Missing(map, idKey, path + "." + idKey); return null; }
        if (idEntry.Value is not YScalar idScalar || context.Text(idScalar, path + "." + idKey) is not { } id) return null;
        if (!ProcessRules.IsStepId(context, idScalar, path + "." + idKey)) return null;
        if (context.RequiredMap(map, "step", path + ".step") is not { } stepMap) return null;
        return ProcessRules.ReadStep(context, stepMap, id, path + ".step",
            new ProcessRules.StepScope(materials, AllowReadyYear: false, AllowLearningRate: true));
    }
}
