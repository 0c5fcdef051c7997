using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// A plant's overrides of its route's parameters, by route-relative path (<c>yield.initial</c>,
/// <c>materials.electrolyte.usdPerKg</c>), nested or dotted; the plant's effective values must still keep the
/// route's cross-field rules.
/// </summary>
internal static class OverrideRules
{
    /// <summary>Route-relative path → the plant's own parameter; empty without overrides, null when any is broken.</summary>
    public static OrderedDictionary<string, Parameter>? Read(ValidationContext context, YMap map, string path, string plantId,
        RouteInfo? route, bool ownChain = false)
    {
        var result = new OrderedDictionary<string, Parameter>(StringComparer.Ordinal);
        var node = map.Get("overrides");
        if (node is null) return result;
        string opath = path + ".overrides";
        if (context.AsMap(node, opath) is not { } overrides) return null;

        var leaves = new List<(string Relative, YScalar Key, YNode Value)>();
        if (!Flatten(context, overrides, [], opath, leaves, new Dictionary<string, YScalar>(StringComparer.Ordinal))) return null;

        bool ok = true;
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (relative, key, valueNode) in leaves)
        {
            string ppath = opath + "." + relative;
            var bounds = relative.StartsWith("process.", StringComparison.Ordinal) && context.IsV2
                ? StepOverrideBounds(relative, route, ownChain, out string? problem)
                : OverrideBounds(relative, route, out problem);
            if (problem is not null)
            {
                context.Error(key, ppath, relative, problem);
                ok = false;
                continue;
            }
            if (bounds is null) continue; // route unknown: already reported
            var value = context.ReadValue(valueNode, ppath, bounds.Value);
            if (value is null) { ok = false; continue; }
            values[relative] = value;
            result[relative] = value.Parameter;
        }

        if (route is not null && ok && values.Count > 0)
        {
            // Cross-field rules on the plant's effective values (only where an override takes part).
            void Pair(string lowRel, string highRel, Func<string, FieldValue?>? routeValue = null)
            {
                bool lowO = values.TryGetValue(lowRel, out var low), highO = values.TryGetValue(highRel, out var high);
                if (!lowO && !highO) return;
                routeValue ??= route.Values.GetValueOrDefault;
                low ??= routeValue(lowRel);
                high ??= routeValue(highRel);
                if (low is null || high is null) return;
                if (!context.CheckNotAbove(low, high, lowRel, highRel, (plantId, lowO))) ok = false;
            }
            Pair("yield.initial", "yield.mature");
            Pair("capexFloorUsdPerKWhYear", "capexUsdPerKWhYear");
            foreach (var m in route.Materials.Values.Where(m => !m.IsFlat))
                Pair("materials." + m.Id + ".floorUsdPerKg", "materials." + m.Id + ".usdPerKg");
            // Model-spec-v2 §2.5 rule 5: a step's pairs hold for the plant's effective step values too.
            foreach (var step in (ownChain ? null : route.Route?.Process)?.Steps ?? [])
            {
                string prefix = "process.steps." + step.Id + ".";
                FieldValue? StepValue(string relative)
                {
                    string field = relative[prefix.Length..];
                    var p = step.Field(field) ?? new Parameter(relative, new FixedValue(ProcessRules.Defaults.GetValueOrDefault(field, 0)));
                    return new FieldValue(p, map); // never the error's place: the error goes to the override
                }
                Pair(prefix + "yield.initial", prefix + "yield.mature", StepValue);
                Pair(prefix + "capexFloorUsdPerKWhYear", prefix + "capexUsdPerKWhYear", StepValue);
            }
        }
        return ok ? result : null;
    }

    /// <summary>
    /// Flattens nested overrides (<c>{yield: {initial: x}}</c>) and flat ones (<c>yield.initial: x</c>) into
    /// route-relative paths; a path written twice (in either spelling) is an error.
    /// </summary>
    private static bool Flatten(ValidationContext context, YMap map, string[] prefix, string basePath,
        List<(string, YScalar, YNode)> leaves, Dictionary<string, YScalar> seen)
    {
        bool ok = true;
        foreach (var e in map.Entries)
        {
            var segments = e.Key.Text.Split('.');
            string written = string.Join('.', [.. prefix, e.Key.Text]);
            if (segments.Any(s => s.Length == 0))
            {
                context.Error(e.Key, basePath + "." + written, e.Key.Text, "an override path is a dotted path of non-empty keys");
                ok = false;
                continue;
            }
            string[] full = [.. prefix, .. segments];
            bool isPrefix = full.Length switch
            {
                1 => full[0] is "yield" or "learning" or "materials" || (full[0] == "process" && context.IsV2),
                2 => full[0] == "materials" || (full[0] == "process" && context.IsV2),
                _ => full[0] == "process" && context.IsV2 && full.Length <= 5
                     && (full.Length == 3 || full[3] is "yield" or "thermal" or "losses"),
            };
            if (isPrefix && e.Value is YMap sub)
            {
                ok &= Flatten(context, sub, full, basePath, leaves, seen);
                continue;
            }
            string relative = string.Join('.', full);
            if (seen.TryGetValue(relative, out var first))
            {
                context.Error(e.Key, basePath + "." + relative, relative,
                    $"override '{relative}' is written twice (first at line {first.Line}, column {first.Column})");
                ok = false;
                continue;
            }
            seen[relative] = e.Key;
            leaves.Add((relative, e.Key, e.Value));
        }
        return ok;
    }

    /// <summary>
    /// <c>process.steps.&lt;k&gt;.&lt;field&gt;</c> (model-spec-v2 §2.5 rule 5): any numeric field of a step of the route's chain but
    /// learningRate and readyYear, and only for a plant without its own chain.
    /// </summary>
    private static Bounds? StepOverrideBounds(string relative, RouteInfo? route, bool ownChain, out string? problem)
    {
        problem = null;
        var s = relative.Split('.');
        if (ownChain)
        {
            problem = "a plant with its own process may not override process.* (change its own chain instead)";
            return null;
        }
        if (s.Length < 4 || s[1] != "steps")
        {
            problem = $"'{relative}' is not a step parameter (process.steps.<step>.<field>)";
            return null;
        }
        string field = string.Join('.', s[3..]);
        if (field is "learningRate" or "readyYear")
        {
            problem = $"a step's {field} cannot be overridden per plant ({(field == "readyYear" ? "technology readiness is global" : "learning belongs to the route")})";
            return null;
        }
        if (route is null) return null;
        if (route.Route?.Process is not { } chain || chain.Steps.All(x => x.Id != s[2]))
        {
            problem = $"route '{route.Id}' has no step '{s[2]}' in its process chain";
            return null;
        }
        if (ProcessRules.FieldBounds(field) is not { } b)
        {
            problem = $"'{field}' is not a numeric step field";
            return null;
        }
        return b;
    }

    /// <summary>The bounds of an overridable route-relative path, or the rule it breaks.</summary>
    private static Bounds? OverrideBounds(string relative, RouteInfo? route, out string? problem)
    {
        problem = null;
        var s = relative.Split('.');
        if (s[0] == "learning")
        {
            problem = "learning parameters cannot be overridden (learning belongs to the route)";
            return null;
        }
        if (RouteRules.OverridableFields.TryGetValue(relative, out var b)) return b;
        if (s.Length == 3 && s[0] == "materials")
        {
            string material = s[1], field = s[2];
            if (field == "learningRate")
            {
                problem = "a material's learningRate cannot be overridden (learning belongs to the route)";
                return null;
            }
            if (!MaterialRules.Fields.TryGetValue(field, out var mb))
            {
                problem = $"'{field}' is not a material parameter (allowed: {string.Join(", ", MaterialRules.Fields.Keys.Where(k => k != "learningRate"))})";
                return null;
            }
            if (route is null) return null;
            if (!route.Materials.TryGetValue(material, out var info))
            {
                problem = $"material '{material}' does not exist in route '{route.Id}'";
                return null;
            }
            if (info.IsFlat && field is "kgPerKWh" or "usdPerKg" or "floorUsdPerKg")
            {
                problem = $"material '{material}' is flat (usdPerKWh); {field} does not apply to it";
                return null;
            }
            if (!info.IsFlat && field == "usdPerKWh")
            {
                problem = $"material '{material}' is priced by mass (kgPerKWh, usdPerKg); usdPerKWh does not apply to it";
                return null;
            }
            return mb;
        }
        problem = $"'{relative}' is not an overridable route parameter (allowed: {string.Join(", ", RouteRules.OverridableFields.Keys)}, materials.<id>.<field>)";
        return null;
    }
}
