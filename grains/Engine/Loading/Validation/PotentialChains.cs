using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Rule 6 of model-spec-v2 §2.5: each plant's potential chain as the options read so far built it (§4.3), and the
/// check that every effect of the next option resolves on it for every plant in scope. An effect that fails for
/// several plants is reported once, for the first.
/// </summary>
internal sealed class PotentialChains
{
    private readonly Dictionary<string, List<ProcessStep>> _byPlant = new(StringComparer.Ordinal);

    public PotentialChains(IReadOnlyList<Route> routes, IReadOnlyList<Plant> plants)
    {
        foreach (var p in plants)
        {
            var chain = p.Process ?? routes.FirstOrDefault(r => r.Id == p.RouteId)?.Process;
            _byPlant[p.Id] = chain is null ? [] : [.. chain.Steps];
        }
    }

    /// <summary>
    /// Checks and applies <paramref name="option"/>'s effects to the plant's potential chain. An effect whose index is in
    /// <paramref name="reported"/> failed for an earlier plant and is not reported again.
    /// </summary>
    public bool Apply(ValidationContext context, YMap optionMap, string path, ProcessOption option, Plant plant, Route route,
        HashSet<int> reported)
    {
        var chain = _byPlant[plant.Id];
        var items = ((YSeq)optionMap.Get("effects")!).Items;
        bool ok = true;
        for (int i = 0; i < option.Effects.Count; i++)
        {
            string epath = path + ".effects." + ProcessRules.Index(i);
            string? problem = option.Effects[i] switch
            {
                ValueEffect v => TargetProblem(v.Target, chain, route),
                AddStepEffect a => Add(chain, a.Step, a.Position, a.Anchor),
                RemoveStepEffect r => chain.Any(s => s.Id == r.StepId) ? null : Missing(r.StepId, chain),
                ReplaceStepEffect r => chain.Any(s => s.Id == r.Replaced) ? Add(chain, r.Step, StepPosition.After, r.Replaced) : Missing(r.Replaced, chain),
                _ => null,
            };
            if (problem is null) continue;
            ok = false;
            if (reported.Add(i)) context.Error(items[i], epath, $"{problem} for plant '{plant.Id}' (in scope of the option)");
        }
        return ok;
    }

    private static string Missing(string step, List<ProcessStep> chain) =>
        $"step '{step}' is not in the potential chain ({(chain.Count == 0 ? "no steps" : string.Join(", ", chain.Select(s => s.Id)))})";

    private static string? Add(List<ProcessStep> chain, ProcessStep step, StepPosition position, string? anchor)
    {
        if (chain.Any(s => s.Id == step.Id)) return $"step '{step.Id}' is already in the potential chain";
        if (position == StepPosition.End) { chain.Add(step); return null; }
        int at = chain.FindIndex(s => s.Id == anchor);
        if (at < 0) return Missing(anchor!, chain);
        chain.Insert(position == StepPosition.After ? at + 1 : at, step);
        return null;
    }

    /// <summary>§2.2: a target must exist for the plant or be a defaulted field; share targets need the share.</summary>
    private static string? TargetProblem(string target, List<ProcessStep> chain, Route route)
    {
        if (!target.StartsWith("process.", StringComparison.Ordinal)) return OptionRules.RouteTargetProblem(target, route);
        var s = target.Split('.');
        if (s.Length < 4 || s[1] != "steps") return $"'{target}' is not a step field (process.steps.<step>.<field>)";
        var step = chain.FirstOrDefault(x => x.Id == s[2]);
        if (step is null) return Missing(s[2], chain);
        string field = string.Join('.', s[3..]);
        if (field is "learningRate" or "readyYear") return $"a step's {field} cannot be an effect's target";
        if (ProcessRules.FieldBounds(field) is null) return $"'{field}' is not a numeric step field";
        if (step.Fields.ContainsKey(field)) return null;
        if (field.EndsWith("Share", StringComparison.Ordinal) && field != "consumablesLithiumShare")
            return $"step '{step.Id}' gives no {field} to change";
        if (field.StartsWith("thermal.", StringComparison.Ordinal))
            return step.Fields.ContainsKey("thermal.temperatureC") ? null : $"step '{step.Id}' has no thermal rule";
        if (field.StartsWith("losses.", StringComparison.Ordinal))
            return route.Materials.Any(m => m.Id == field.Split('.')[1]) ? null : $"route '{route.Id}' has no material '{field.Split('.')[1]}'";
        if (field == "energyKWhPerKWh" && step.Fields.ContainsKey("thermal.temperatureC"))
            return $"step '{step.Id}' takes its energy from the thermal rule; energyKWhPerKWh cannot be targeted";
        // An absolute form is a defaulted field (0) only when the step gives the quantity in no form.
        string? shareOf = field switch
        {
            "energyKWhPerKWh" => "energyShare", "laborHoursPerKWh" => "laborShare", "capexUsdPerKWhYear" => "capexShare",
            "capexFloorUsdPerKWhYear" => "capexShare", "atmosphereUsdPerKWhYear" => "atmosphereShare", _ => null,
        };
        if (shareOf is not null && step.Fields.ContainsKey(shareOf)) return $"step '{step.Id}' gives {shareOf}, not {field}";
        return null;
    }
}
