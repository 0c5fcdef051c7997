using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Process and interface options (model-spec-v2 §2.2, §2.5 rules 6–7): a scope, a readiness, an adoption rule and
/// effects. Every effect must make sense for every plant in scope, on the plant's potential chain as the options
/// before it (in file order) have built it.
/// </summary>
internal static class OptionRules
{
    private static readonly string[] Keys = ["name", "description", "routes", "regions", "plants", "readyYear", "adoption", "effects"];

    /// <summary>The route-level numeric fields an effect may target (a material's learningRate excepted).</summary>
    private static readonly string[] RouteTargets =
        ["processEnergyKWhPerKWh", "laborHoursPerKWh", "capexUsdPerKWhYear", "capexFloorUsdPerKWhYear", "dryRoomUsdPerKWhYear",
         "yield.initial", "yield.mature", "yield.timeConstantYears", "rampTimeConstantYears"];

    /// <summary>
    /// <paramref name="routeInfos"/> and <paramref name="plantIds"/> hold every route and plant written, broken ones too: an
    /// option naming a broken route or plant is not told that it does not exist (the entry's own error says what is wrong).
    /// </summary>
    public static List<ProcessOption> Read(ValidationContext context, YMap root, IReadOnlyList<RouteInfo> routeInfos,
        IReadOnlyList<Route> routes, IReadOnlyCollection<string> regionIds, IReadOnlyCollection<string> plantIds,
        IReadOnlyList<Plant> plants, bool complete)
    {
        var result = new List<ProcessOption>();
        var node = root.Get("options");
        if (node is null || ValidationContext.IsInvalid(node)) return result;
        if (context.AsMap(node, "options") is not { } map) return result;
        var chains = new PotentialChains(routes, plants);
        foreach (var e in map.Entries)
        {
            string id = e.Key.Text, path = "options." + id;
            if (!Ids.IsEntityId(id))
            {
                context.Error(e.Key, path, id, "an option id must match [A-Za-z0-9][A-Za-z0-9_-]*");
                continue;
            }
            if (context.AsMap(e.Value, path) is not { } option) continue;
            if (ReadOption(context, option, id, path, routeInfos, routes, regionIds, plantIds, plants, chains, complete) is { } o) result.Add(o);
        }
        return result;
    }

    private static ProcessOption? ReadOption(ValidationContext context, YMap map, string id, string path, IReadOnlyList<RouteInfo> routeInfos,
        IReadOnlyList<Route> routes, IReadOnlyCollection<string> regionIds, IReadOnlyCollection<string> plantIds, IReadOnlyList<Plant> plants,
        PotentialChains chains, bool complete)
    {
        context.CheckKeys(map, path, Keys);
        bool ok = true;
        string name = context.OptionalText(map, "name", path + ".name") ?? id;
        string description = context.OptionalText(map, "description", path + ".description") ?? "";
        var routeIds = IdList(context, map, "routes", path, routeInfos.Select(r => r.Id).ToHashSet(), "route", required: true, ref ok);
        var regionFilter = IdList(context, map, "regions", path, regionIds, "region", required: false, ref ok);
        var plantFilter = IdList(context, map, "plants", path, plantIds, "plant", required: false, ref ok);
        if (routeIds is not null && plantFilter is not null)
            foreach (var p in plants.Where(p => plantFilter.Contains(p.Id) && !routeIds.Contains(p.RouteId)))
            {
                context.Error(map.Get("plants")!, path + ".plants", $"plant '{p.Id}' is on route '{p.RouteId}', which is not in the option's routes");
                ok = false;
            }

        FieldValue? ready = null;
        if (map.Get("readyYear") is { } readyNode) ready = ProcessRules.ReadReadiness(context, readyNode, path + ".readyYear");
        else context.Missing(map, "readyYear", path + ".readyYear", "an option needs its readiness");
        ok &= ready is not null;

        var adoption = AdoptionRule.Sop;
        if (map.Get("adoption") is { } adoptionNode)
        {
            switch (context.Text(adoptionNode, path + ".adoption"))
            {
                case "sop": break;
                case "retrofit": adoption = AdoptionRule.Retrofit; break;
                case null: ok = false; break;
                case var other:
                    context.Error(adoptionNode, path + ".adoption", $"unknown adoption '{other}' (sop or retrofit)");
                    ok = false;
                    break;
            }
        }

        var materials = routeIds is null ? [] : routeInfos.Where(r => routeIds.Contains(r.Id))
            .Select(r => r.Materials.Keys.ToHashSet())
            .Aggregate((HashSet<string>?)null, (acc, s) => acc is null ? s : acc.Intersect(s).ToHashSet()) ?? [];
        var effects = EffectRules.Read(context, map, path, adoption, materials, ref ok);

        if (!ok || routeIds is null || effects is null || ready is null) return null;
        var option = new ProcessOption(id, name, description, routeIds, regionFilter, plantFilter, ready.Parameter, adoption, effects);
        // Rule 6 needs sound routes and plants: with errors there, the targets are not checked (they would repeat them).
        if (complete)
        {
            var inScope = plants.Where(option.InScope).ToList();
            var reported = new HashSet<int>();
            foreach (var plant in inScope)
                if (!chains.Apply(context, map, path, option, plant, routes.First(r => r.Id == plant.RouteId), reported)) ok = false;
        }
        return ok ? option : null;
    }

    private static List<string>? IdList(ValidationContext context, YMap map, string key, string path, IReadOnlyCollection<string> known,
        string what, bool required, ref bool ok)
    {
        var node = map.Get(key);
        string lpath = path + "." + key;
        if (node is null)
        {
            if (required) { context.Missing(map, key, lpath, $"an option needs a non-empty list of {what} ids"); ok = false; }
            return null;
        }
        if (node is not YSeq seq || seq.Items.Count == 0)
        {
            context.Error(node, lpath, $"{key} must be a non-empty list of {what} ids, got {ValidationContext.Describe(node)}");
            ok = false;
            return null;
        }
        var ids = new List<string>();
        foreach (var item in seq.Items)
        {
            if (context.Text(item, lpath) is not { } text) { ok = false; continue; }
            if (!known.Contains(text)) { context.Error(item, lpath, $"unknown {what} '{text}'"); ok = false; continue; }
            ids.Add(text);
        }
        return ids;
    }

    /// <summary>Whether <paramref name="target"/> is a numeric route-level field the effect may change for this route.</summary>
    public static string? RouteTargetProblem(string target, Route route)
    {
        if (RouteTargets.Contains(target)) return null;
        var s = target.Split('.');
        if (s.Length == 3 && s[0] == "materials")
        {
            var m = route.Materials.FirstOrDefault(x => x.Id == s[1]);
            if (m is null) return $"route '{route.Id}' has no material '{s[1]}'";
            return s[2] switch
            {
                "lithiumShare" => null,
                "usdPerKWh" when m.IsFlat => null,
                "kgPerKWh" or "usdPerKg" or "floorUsdPerKg" when !m.IsFlat => null,
                "learningRate" => "a material's learningRate cannot be an effect's target",
                _ => $"material '{s[1]}' of route '{route.Id}' has no field '{s[2]}'",
            };
        }
        return $"'{target}' is not a target (a route field: {string.Join(", ", RouteTargets)}, materials.<id>.<field>, or process.steps.<step>.<field>)";
    }

    public static Bounds? RouteTargetBounds(string target)
    {
        if (RouteRules.OverridableFields.TryGetValue(target, out var b)) return b;
        var s = target.Split('.');
        return s.Length == 3 && s[0] == "materials" && MaterialRules.Fields.TryGetValue(s[2], out var mb) ? mb : null;
    }
}
