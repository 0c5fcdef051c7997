using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// One plant as rule 7 of model-spec-v2 §2.5 sees it: the options in scope (file order), the value effects each of them
/// has on each key (route-relative path), the plant's effective base support of a key, and the image of that support
/// under any subset of the options.
/// </summary>
internal sealed class PlantEffectKeys
{
    private readonly Plant _plant;
    private readonly Route _route;
    private readonly Dictionary<string, ProcessStep> _steps = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, List<(int Option, ValueEffect Effect)>> _touching = new(StringComparer.Ordinal);

    public PlantEffectKeys(Plant plant, Route route, IReadOnlyList<ProcessOption> inScope)
    {
        _plant = plant;
        _route = route;
        Options = inScope;
        foreach (var s in (plant.Process ?? route.Process)?.Steps ?? []) _steps[s.Id] = s;
        for (int o = 0; o < inScope.Count; o++)
            foreach (var effect in inScope[o].Effects)
                switch (effect)
                {
                    // Rule 6 (checked before) makes every added id new in the potential chain: one definition per id.
                    case AddStepEffect a: _steps.TryAdd(a.Step.Id, a.Step); break;
                    case ReplaceStepEffect r: _steps.TryAdd(r.Step.Id, r.Step); break;
                    case ValueEffect v:
                        if (!_touching.TryGetValue(v.Target, out var list)) _touching[v.Target] = list = [];
                        list.Add((o, v));
                        break;
                }
    }

    /// <summary>The options in scope of the plant, in file order.</summary>
    public IReadOnlyList<ProcessOption> Options { get; }

    /// <summary>The keys some option in scope changes, in the order they are first touched.</summary>
    public IEnumerable<string> Keys => _touching.Keys;

    /// <summary>Every step of the plant's potential chain (base steps and the steps options in scope add), by id.</summary>
    public IEnumerable<string> StepIds => _steps.Keys;

    /// <summary>The route's materials priced by mass (their floor must stay below their price).</summary>
    public IEnumerable<string> MassMaterials => _route.Materials.Where(m => !m.IsFlat).Select(m => m.Id);

    /// <summary>The options (indices into <see cref="Options"/>, ascending) that touch any of the keys.</summary>
    public List<int> OptionsTouching(params string[] keys) =>
        keys.SelectMany(k => _touching.GetValueOrDefault(k) ?? []).Select(t => t.Option).Distinct().Order().ToList();

    /// <summary>The image of the key's base support when exactly the options in <paramref name="applied"/> are adopted.</summary>
    public Support Image(string key, IReadOnlySet<int> applied)
    {
        var x = Base(key);
        foreach (var (option, effect) in _touching.GetValueOrDefault(key) ?? [])
        {
            if (!applied.Contains(option)) continue;
            var v = effect.Value.Distribution.Support;
            x = effect.Operation switch
            {
                EffectOperation.Multiply => SupportMath.Multiply(x, v),
                EffectOperation.Add => SupportMath.Add(x, v),
                _ => v,
            };
        }
        return x;
    }

    /// <summary>
    /// The plant's effective base: its override, else the route's value, else the step's (base or added), else the
    /// default of §2.1 (a field the step does not write).
    /// </summary>
    private Support Base(string key)
    {
        if (_plant.Overrides.TryGetValue(key, out var own)) return own.Distribution.Support;
        var s = key.Split('.');
        if (s.Length >= 4 && s[0] == "process" && s[1] == "steps")
        {
            string field = string.Join('.', s[3..]);
            var step = _steps[s[2]];
            if (step.Field(field) is { } p) return p.Distribution.Support;
            // Absent losses and the absent forms of a quantity are absolute zeros (§2.1).
            return Support.Point(ProcessRules.Defaults.GetValueOrDefault(field, 0));
        }
        if (s.Length == 3 && s[0] == "materials")
        {
            var m = _route.Materials.First(x => x.Id == s[1]);
            var p = s[2] switch
            {
                "kgPerKWh" => m.KgPerKWh,
                "usdPerKg" => m.UsdPerKg,
                "usdPerKWh" => m.UsdPerKWh,
                "lithiumShare" => m.LithiumShare,
                "floorUsdPerKg" => m.FloorUsdPerKg,
                _ => null,
            };
            return p?.Distribution.Support ?? throw new InvalidOperationException($"no base value for {key}");
        }
        var r = _route;
        return (key switch
        {
            "processEnergyKWhPerKWh" => r.ProcessEnergyKWhPerKWh,
            "laborHoursPerKWh" => r.LaborHoursPerKWh,
            "capexUsdPerKWhYear" => r.CapexUsdPerKWhYear,
            "capexFloorUsdPerKWhYear" => r.CapexFloorUsdPerKWhYear,
            "dryRoomUsdPerKWhYear" => r.DryRoomUsdPerKWhYear,
            "yield.initial" => r.YieldInitial,
            "yield.mature" => r.YieldMature,
            "yield.timeConstantYears" => r.YieldTimeConstantYears,
            "rampTimeConstantYears" => r.RampTimeConstantYears,
            _ => throw new InvalidOperationException($"no base value for {key}"),
        }).Distribution.Support;
    }
}
