using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// A route's bill of materials: each material is priced by mass (kgPerKWh × usdPerKg, with optional learning
/// towards floorUsdPerKg) or flat (usdPerKWh), never both.
/// </summary>
internal static class MaterialRules
{
    public static readonly Dictionary<string, Bounds> Fields = new(StringComparer.Ordinal)
    {
        ["kgPerKWh"] = Bounds.NonNegative,
        ["usdPerKg"] = Bounds.NonNegative,
        ["usdPerKWh"] = Bounds.NonNegative,
        ["lithiumShare"] = Bounds.Fraction01,
        ["learningRate"] = Bounds.Fraction01Open,
        ["floorUsdPerKg"] = Bounds.NonNegative,
    };

    /// <summary>The route's materials in written order, or null when any is missing or broken (all are reported).</summary>
    public static List<Material>? Read(ValidationContext context, YMap routeMap, string routePath, RouteInfo route)
    {
        string path = routePath + ".materials";
        var node = routeMap.Get("materials");
        if (node is null)
        {
            context.Missing(routeMap, "materials", path, "a route needs at least one material");
            return null;
        }
        if (context.AsMap(node, path) is not { } map) return null;

        var materials = new List<Material>();
        bool ok = true;
        if (map.Entries.Count == 0)
        {
            context.Error(map, path, "a route needs at least one material");
            ok = false;
        }
        foreach (var e in map.Entries)
        {
            string id = e.Key.Text, materialPath = path + "." + id;
            if (!Ids.IsEntityId(id))
            {
                context.Error(e.Key, materialPath, id, "a material id must match [A-Za-z0-9][A-Za-z0-9_-]* (no '.', ':' or spaces)");
                ok = false;
                continue;
            }
            if (context.AsMap(e.Value, materialPath) is not { } entry) { ok = false; continue; }
            var material = ReadMaterial(context, entry, id, materialPath, route);
            if (material is null) ok = false;
            else materials.Add(material);
        }
        return ok ? materials : null;
    }

    private static Material? ReadMaterial(ValidationContext context, YMap map, string id, string path, RouteInfo route)
    {
        context.CheckKeys(map, path, Fields.Keys.ToArray());
        bool flat = map.Has("usdPerKWh");
        route.Materials[id] = new MaterialInfo(id, flat);
        string prefix = "materials." + id + ".";
        FieldValue? Field(string key, double? defaultValue = null) => route.Remember(prefix + key,
            context.Number(map, key, path + "." + key, Fields[key], defaultValue: defaultValue));

        if (flat)
        {
            bool ok = true;
            foreach (var key in new[] { "kgPerKWh", "usdPerKg", "learningRate", "floorUsdPerKg" })
            {
                if (map.Find(key) is not { } e) continue;
                context.Error(e.Key, path + "." + key, key,
                    $"a flat material (usdPerKWh) cannot have {key}; use either usdPerKWh or kgPerKWh with usdPerKg");
                ok = false;
            }
            var usdPerKWh = Field("usdPerKWh");
            var share = Field("lithiumShare", 0);
            var floor = context.Default(path + ".floorUsdPerKg", 0);
            if (!ok || usdPerKWh is null || share is null) return null;
            return new Material(Id: id, KgPerKWh: null, UsdPerKg: null, UsdPerKWh: usdPerKWh.Parameter,
                LithiumShare: share.Parameter, LearningRate: null, FloorUsdPerKg: floor);
        }
        else
        {
            const string need = "a material needs usdPerKWh, or kgPerKWh and usdPerKg";
            if (!map.Has("kgPerKWh")) context.Missing(map, "kgPerKWh", path + ".kgPerKWh", need);
            if (!map.Has("usdPerKg")) context.Missing(map, "usdPerKg", path + ".usdPerKg", need);
            var kg = map.Has("kgPerKWh") ? Field("kgPerKWh") : null;
            var usdPerKg = map.Has("usdPerKg") ? Field("usdPerKg") : null;
            var share = Field("lithiumShare", 0);
            var learningRate = map.Has("learningRate") ? Field("learningRate") : null;
            var floor = Field("floorUsdPerKg", 0);
            if (floor is not null && usdPerKg is not null)
                context.CheckNotAbove(floor, usdPerKg, "floorUsdPerKg", "usdPerKg", null);
            if (kg is null || usdPerKg is null || share is null || floor is null || (map.Has("learningRate") && learningRate is null))
                return null;
            return new Material(Id: id, KgPerKWh: kg.Parameter, UsdPerKg: usdPerKg.Parameter, UsdPerKWh: null,
                LithiumShare: share.Parameter, LearningRate: learningRate?.Parameter, FloorUsdPerKg: floor.Parameter);
        }
    }
}
