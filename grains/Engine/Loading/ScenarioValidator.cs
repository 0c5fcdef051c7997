using System.Globalization;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading;

/// <summary>
/// Turns a merged scenario tree into the model (spec sections 2–3), collecting every broken rule with the
/// file, line and column where the offending value was written.
/// </summary>
internal sealed class ScenarioValidator
{
    private readonly List<ValidationError> _errors;
    private readonly Dictionary<string, Parameter> _parameters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _attempted = new(StringComparer.Ordinal);

    private ScenarioValidator(List<ValidationError> errors) => _errors = errors;

    // ---- field tables --------------------------------------------------------------------------------

    private static readonly Bounds NonNegative = Bounds.AtLeast(0);
    private static readonly Bounds Positive = Bounds.Above(0);
    private static readonly Bounds Fraction01Open = new(0, false, 1, true);      // ≥ 0 and < 1
    private static readonly Bounds Fraction01 = new(0, false, 1, false);         // 0..1
    private static readonly Bounds YieldFraction = new(0, true, 1, false);       // > 0 and ≤ 1
    private static readonly Bounds Year = new(1990, false, 2100, false);

    private static readonly (string Key, Bounds Bounds, double? Default)[] RegionFields =
    [
        ("electricityUsdPerKWh", NonNegative, null),
        ("laborUsdPerHour", NonNegative, null),
        ("capexMultiplier", Positive, null),
        ("wacc", Fraction01Open, null),
        ("depreciationYears", Positive, null),
        ("fixedOpexRate", NonNegative, null),
        ("utilizationMax", YieldFraction, null),
        ("subsidyUsdPerKWh", NonNegative, 0),
    ];

    /// <summary>Route-relative numeric parameters a plant may override (learning excluded).</summary>
    private static readonly Dictionary<string, Bounds> RouteFields = new(StringComparer.Ordinal)
    {
        ["processEnergyKWhPerKWh"] = NonNegative,
        ["laborHoursPerKWh"] = NonNegative,
        ["capexUsdPerKWhYear"] = Positive,
        ["capexFloorUsdPerKWhYear"] = NonNegative,
        ["dryRoomUsdPerKWhYear"] = NonNegative,
        ["rampTimeConstantYears"] = NonNegative,
        ["yield.initial"] = YieldFraction,
        ["yield.mature"] = YieldFraction,
        ["yield.timeConstantYears"] = NonNegative,
    };

    private static readonly Dictionary<string, Bounds> MaterialFields = new(StringComparer.Ordinal)
    {
        ["kgPerKWh"] = NonNegative,
        ["usdPerKg"] = NonNegative,
        ["usdPerKWh"] = NonNegative,
        ["lithiumShare"] = Fraction01,
        ["learningRate"] = Fraction01Open,
        ["floorUsdPerKg"] = NonNegative,
    };

    private static readonly string[] TopKeys =
        ["id", "name", "description", "horizon", "targets", "benchmark", "globals", "correlations", "comparisons",
         "regions", "routes", "plants"];
    private static readonly string[] RouteKeys =
        ["name", "family", "materials", "processEnergyKWhPerKWh", "laborHoursPerKWh", "capexUsdPerKWhYear",
         "capexFloorUsdPerKWhYear", "dryRoomUsdPerKWhYear", "learning", "yield", "rampTimeConstantYears"];
    private static readonly string[] PlantKeys =
        ["name", "route", "region", "announcedSopYear", "sopDelayYears", "capacity", "overrides"];

    public static readonly string[] Metrics =
        ["capacityGWh", "outputGWh", "cumulativeOutputGWh", "utilization", "yield", "costUsdPerKWh",
         "materialsUsdPerKWh", "energyUsdPerKWh", "laborUsdPerKWh", "capitalUsdPerKWh", "fixedUsdPerKWh",
         "subsidyUsdPerKWh"];

    /// <summary>A guard on the cost of the positive-definiteness check (and of the copula per trial).</summary>
    public const int MaxCorrelated = 1000;

    private static readonly string[] Forms = ["uniform", "triangular", "pert", "normal", "lognormal", "discrete", "percentiles"];

    // ---- entry point ---------------------------------------------------------------------------------

    /// <summary>The scenario, or null when <paramref name="errors"/> gained at least one error.</summary>
    public static Scenario? Validate(YMap root, string sha256, List<ValidationError> errors)
    {
        int before = errors.Count;
        var scenario = new ScenarioValidator(errors).Scenario(root, sha256);
        return errors.Count == before ? scenario : null;
    }

    private Scenario? Scenario(YMap root, string sha256)
    {
        CheckKeys(root, "", TopKeys);

        string? id = null;
        if (root.Find("id") is { } idEntry)
        {
            id = Text(idEntry.Value, "id");
            if (id is not null && !Ids.IsScenarioId(id))
            {
                Error(idEntry.Value, "id", "a scenario id must match [a-z0-9][a-z0-9-]*");
                id = null;
            }
        }
        else Missing(root, "id", "id");

        string? name = OptionalText(root, "name", "name") ?? id;
        string description = OptionalText(root, "description", "description") ?? "";

        var horizon = ReadHorizon(root);
        var targets = ReadTargets(root);
        var benchmark = ReadBenchmark(root);
        var lambda = ReadGlobals(root);

        var regions = ReadEntries(root, "regions", "region", ReadRegion);
        var routeInfos = ReadEntries(root, "routes", "route", ReadRoute);
        var regionIds = regions.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var routesById = routeInfos.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var plants = ReadEntries(root, "plants", "plant", (map, plantId, path) => ReadPlant(map, plantId, path, routesById, regionIds));

        var correlations = ReadCorrelations(root);
        var comparisons = ReadComparisons(root, regionIds, routesById.Keys, plants.Select(p => p.Id));

        if (id is null || name is null || horizon is null || targets is null || benchmark is null || lambda is null
            || _errors.Count > 0)
            return null;
        return new Scenario(id, name, description, horizon, targets, benchmark, lambda,
            regions.Select(r => r.Region).OfType<Region>().ToArray(),
            routeInfos.Select(r => r.Route).OfType<Route>().ToArray(),
            plants.Select(p => p.Plant).OfType<Plant>().ToArray(),
            correlations, comparisons, sha256);
    }

    // ---- top-level blocks ----------------------------------------------------------------------------

    private Horizon? ReadHorizon(YMap root)
    {
        var map = RequiredMap(root, "horizon", "horizon");
        if (map is null) return null;
        CheckKeys(map, "horizon", ["start", "end"]);
        var start = Number(map, "start", "horizon.start", Year, fixedOnly: true, wholeYear: true);
        var end = Number(map, "end", "horizon.end", Year, fixedOnly: true, wholeYear: true);
        if (start is null || end is null) return null;
        int s = (int)start.Fixed, e = (int)end.Fixed;
        if (e < s)
        {
            Error(end.Node, "horizon.end", $"horizon.end must be >= horizon.start ({s})");
            return null;
        }
        if (e - s >= 60)
        {
            Error(end.Node, "horizon.end", $"the horizon must be shorter than 60 years (end - start < 60, here {e - s})");
            return null;
        }
        return new Horizon(s, e);
    }

    private Targets? ReadTargets(YMap root)
    {
        var map = RequiredMap(root, "targets", "targets");
        if (map is null) return null;
        CheckKeys(map, "targets", ["costThresholdUsdPerKWh", "massProductionGWh"]);
        var cost = Number(map, "costThresholdUsdPerKWh", "targets.costThresholdUsdPerKWh", Positive, fixedOnly: true);
        var mass = Number(map, "massProductionGWh", "targets.massProductionGWh", Positive, fixedOnly: true);
        return cost is null || mass is null ? null : new Targets(cost.Fixed, mass.Fixed);
    }

    private Benchmark? ReadBenchmark(YMap root)
    {
        var map = RequiredMap(root, "benchmark", "benchmark");
        if (map is null) return null;
        CheckKeys(map, "benchmark", ["name", "startUsdPerKWh", "annualChange"]);
        string name = OptionalText(map, "name", "benchmark.name") ?? "benchmark";
        var start = Number(map, "startUsdPerKWh", "benchmark.startUsdPerKWh", Positive);
        var change = Number(map, "annualChange", "benchmark.annualChange", Bounds.Above(-1));
        return start is null || change is null ? null : new Benchmark(name, start.Parameter, change.Parameter);
    }

    private Parameter? ReadGlobals(YMap root)
    {
        const string path = "globals.lithiumPriceIndex";
        var node = root.Get("globals");
        if (node is null) return Default(path, 1);
        if (AsMap(node, "globals") is not { } map) return null;
        CheckKeys(map, "globals", ["lithiumPriceIndex"]);
        return Number(map, "lithiumPriceIndex", path, Positive, defaultValue: 1)?.Parameter;
    }

    /// <summary>Reads a map of id → entry (regions, routes, plants) in written order; at least one entry is required.</summary>
    private List<T> ReadEntries<T>(YMap root, string key, string what, Func<YMap, string, string, T?> read) where T : class
    {
        var result = new List<T>();
        var node = root.Get(key);
        if (node is null)
        {
            Missing(root, key, key, $"at least one {what} is required");
            return result;
        }
        if (AsMap(node, key) is not { } map) return result;
        if (map.Entries.Count == 0)
        {
            Error(map, key, $"at least one {what} is required");
            return result;
        }
        foreach (var e in map.Entries)
        {
            string id = e.Key.Text;
            string path = key + "." + id;
            if (!Ids.IsEntityId(id))
            {
                Error(e.Key, path, id, $"a {what} id must match [A-Za-z0-9][A-Za-z0-9_-]* (no '.', ':' or spaces)");
                continue;
            }
            if (AsMap(e.Value, path) is not { } entry) continue;
            if (read(entry, id, path) is { } item) result.Add(item);
        }
        return result;
    }

    // ---- regions -------------------------------------------------------------------------------------

    private sealed record RegionInfo(string Id, Region? Region);

    private RegionInfo ReadRegion(YMap map, string id, string path)
    {
        CheckKeys(map, path, ["name", .. RegionFields.Select(f => f.Key)]);
        string name = OptionalText(map, "name", path + ".name") ?? id;
        var values = RegionFields.Select(f => Number(map, f.Key, path + "." + f.Key, f.Bounds, defaultValue: f.Default)?.Parameter).ToArray();
        if (values.Any(v => v is null)) return new RegionInfo(id, null);
        var v = values.Select(p => p!).ToArray();
        return new RegionInfo(id, new Region(id, name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
    }

    // ---- routes --------------------------------------------------------------------------------------

    private sealed class MaterialInfo(string id, bool isFlat)
    {
        public string Id { get; } = id;
        public bool IsFlat { get; } = isFlat;
        public Material? Material { get; set; }
    }

    private sealed class RouteInfo(string id)
    {
        public string Id { get; } = id;
        public Route? Route { get; set; }
        /// <summary>Route-relative path → value (with the node it was written at), for overrides and cross-field rules.</summary>
        public Dictionary<string, Value> Values { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, MaterialInfo> Materials { get; } = new(StringComparer.Ordinal);
    }

    private RouteInfo ReadRoute(YMap map, string id, string path)
    {
        var info = new RouteInfo(id);
        CheckKeys(map, path, RouteKeys);
        string name = OptionalText(map, "name", path + ".name") ?? id;
        string family = OptionalText(map, "family", path + ".family") ?? "";

        // materials
        var materials = new List<Material>();
        bool materialsOk = false;
        var materialsNode = map.Get("materials");
        if (materialsNode is null) Missing(map, "materials", path + ".materials", "a route needs at least one material");
        else if (AsMap(materialsNode, path + ".materials") is { } mm)
        {
            if (mm.Entries.Count == 0) Error(mm, path + ".materials", "a route needs at least one material");
            else materialsOk = true;
            foreach (var e in mm.Entries)
            {
                string mid = e.Key.Text, mpath = path + ".materials." + mid;
                if (!Ids.IsEntityId(mid))
                {
                    Error(e.Key, mpath, mid, "a material id must match [A-Za-z0-9][A-Za-z0-9_-]* (no '.', ':' or spaces)");
                    materialsOk = false;
                    continue;
                }
                if (AsMap(e.Value, mpath) is not { } m) { materialsOk = false; continue; }
                var material = ReadMaterial(m, mid, mpath, info);
                if (material is null) materialsOk = false;
                else materials.Add(material);
            }
        }

        Value? Field(string key) => Add(info, key, Number(map, key, path + "." + key, RouteFields[key], defaultValue:
            key is "capexFloorUsdPerKWhYear" or "dryRoomUsdPerKWhYear" ? 0 : null));

        var energy = Field("processEnergyKWhPerKWh");
        var labor = Field("laborHoursPerKWh");
        var capex = Field("capexUsdPerKWhYear");
        var capexFloor = Field("capexFloorUsdPerKWhYear");
        var dryRoom = Field("dryRoomUsdPerKWhYear");

        Value? rate = null, q0 = null;
        if (RequiredMap(map, "learning", path + ".learning") is { } learning)
        {
            CheckKeys(learning, path + ".learning", ["processRate", "cumulativeGWh0"]);
            rate = Number(learning, "processRate", path + ".learning.processRate", Fraction01Open);
            q0 = Number(learning, "cumulativeGWh0", path + ".learning.cumulativeGWh0", Positive, fixedOnly: true);
        }

        Value? y0 = null, yM = null, yTau = null;
        if (RequiredMap(map, "yield", path + ".yield") is { } yieldMap)
        {
            CheckKeys(yieldMap, path + ".yield", ["initial", "mature", "timeConstantYears"]);
            y0 = Add(info, "yield.initial", Number(yieldMap, "initial", path + ".yield.initial", YieldFraction));
            yM = Add(info, "yield.mature", Number(yieldMap, "mature", path + ".yield.mature", YieldFraction));
            yTau = Add(info, "yield.timeConstantYears", Number(yieldMap, "timeConstantYears", path + ".yield.timeConstantYears", NonNegative));
        }
        var ramp = Field("rampTimeConstantYears");

        if (capex is not null && capexFloor is not null)
            CheckNotAbove(capexFloor, capex, "capexFloorUsdPerKWhYear", "capexUsdPerKWhYear", null);
        if (y0 is not null && yM is not null)
            CheckNotAbove(y0, yM, "yield.initial", "yield.mature", null);

        if (materialsOk && energy is not null && labor is not null && capex is not null && capexFloor is not null
            && dryRoom is not null && rate is not null && q0 is not null && y0 is not null && yM is not null
            && yTau is not null && ramp is not null)
        {
            info.Route = new Route(id, name, family, materials, energy.Parameter, labor.Parameter, capex.Parameter,
                capexFloor.Parameter, dryRoom.Parameter, rate.Parameter, q0.Fixed, y0.Parameter, yM.Parameter,
                yTau.Parameter, ramp.Parameter);
        }
        return info;
    }

    private static Value? Add(RouteInfo info, string relative, Value? value)
    {
        if (value is not null) info.Values[relative] = value;
        return value;
    }

    private Material? ReadMaterial(YMap map, string id, string path, RouteInfo route)
    {
        CheckKeys(map, path, MaterialFields.Keys.ToArray());
        bool flat = map.Has("usdPerKWh");
        route.Materials[id] = new MaterialInfo(id, flat);
        string prefix = "materials." + id + ".";
        Value? Field(string key, double? defaultValue = null) =>
            Add(route, prefix + key, Number(map, key, path + "." + key, MaterialFields[key], defaultValue: defaultValue));

        if (flat)
        {
            bool ok = true;
            foreach (var key in new[] { "kgPerKWh", "usdPerKg", "learningRate", "floorUsdPerKg" })
            {
                if (map.Find(key) is not { } e) continue;
                Error(e.Key, path + "." + key, key,
                    $"a flat material (usdPerKWh) cannot have {key}; use either usdPerKWh or kgPerKWh with usdPerKg");
                ok = false;
            }
            var usdPerKWh = Field("usdPerKWh");
            var share = Field("lithiumShare", 0);
            var floor = Default(path + ".floorUsdPerKg", 0);
            if (!ok || usdPerKWh is null || share is null) return null;
            return new Material(id, null, null, usdPerKWh.Parameter, share.Parameter, null, floor);
        }
        else
        {
            const string need = "a material needs usdPerKWh, or kgPerKWh and usdPerKg";
            if (!map.Has("kgPerKWh")) Missing(map, "kgPerKWh", path + ".kgPerKWh", need);
            if (!map.Has("usdPerKg")) Missing(map, "usdPerKg", path + ".usdPerKg", need);
            var kg = map.Has("kgPerKWh") ? Field("kgPerKWh") : null;
            var usdPerKg = map.Has("usdPerKg") ? Field("usdPerKg") : null;
            var share = Field("lithiumShare", 0);
            var learningRate = map.Has("learningRate") ? Field("learningRate") : null;
            var floor = Field("floorUsdPerKg", 0);
            if (floor is not null && usdPerKg is not null)
                CheckNotAbove(floor, usdPerKg, "floorUsdPerKg", "usdPerKg", null);
            if (kg is null || usdPerKg is null || share is null || floor is null || (map.Has("learningRate") && learningRate is null))
                return null;
            return new Material(id, kg.Parameter, usdPerKg.Parameter, null, share.Parameter, learningRate?.Parameter, floor.Parameter);
        }
    }

    /// <summary>
    /// The support maximum of <paramref name="low"/> must not exceed the support minimum of <paramref name="high"/>.
    /// The error goes to <paramref name="low"/>'s value, or to <paramref name="high"/>'s when only that one is an
    /// override (<paramref name="plant"/> names the plant whose effective values are checked).
    /// </summary>
    private bool CheckNotAbove(Value low, Value high, string lowName, string highName, (string Plant, bool LowIsOverride)? plant)
    {
        double max = low.Parameter.Distribution.Support.Max, min = high.Parameter.Distribution.Support.Min;
        if (max <= min) return true;
        var at = plant is { LowIsOverride: false } ? high : low;
        string rule = $"{lowName} support maximum ({Fmt(max)}) must be <= {highName} support minimum ({Fmt(min)})";
        if (plant is { } p) rule += $" for plant '{p.Plant}' (effective values after its overrides)";
        Error(at.Node, at.Parameter.Path, rule);
        return false;
    }

    // ---- plants --------------------------------------------------------------------------------------

    private sealed record PlantInfo(string Id, Plant? Plant);

    private PlantInfo ReadPlant(YMap map, string id, string path, Dictionary<string, RouteInfo> routes, HashSet<string> regions)
    {
        CheckKeys(map, path, PlantKeys);
        string name = OptionalText(map, "name", path + ".name") ?? id;
        bool ok = true;

        RouteInfo? route = null;
        string? routeId = RequiredText(map, "route", path + ".route");
        if (routeId is null) ok = false;
        else if (!routes.TryGetValue(routeId, out route))
        {
            ok = false;
            Error(map.Get("route")!, path + ".route", $"unknown route '{routeId}'");
        }
        string? regionId = RequiredText(map, "region", path + ".region");
        if (regionId is null) ok = false;
        else if (!regions.Contains(regionId))
        {
            ok = false;
            Error(map.Get("region")!, path + ".region", $"unknown region '{regionId}'");
        }

        var sop = Number(map, "announcedSopYear", path + ".announcedSopYear", Year, fixedOnly: true, wholeYear: true);
        var delay = Number(map, "sopDelayYears", path + ".sopDelayYears", NonNegative, defaultValue: 0);
        var capacity = ReadCapacity(map, path);
        var overrides = ReadOverrides(map, path, id, route);

        if (!ok || sop is null || delay is null || capacity is null || overrides is null) return new PlantInfo(id, null);
        return new PlantInfo(id, new Plant(id, name, routeId!, regionId!, (int)sop.Fixed, delay.Parameter, capacity, overrides));
    }

    private List<CapacityStep>? ReadCapacity(YMap map, string path)
    {
        string cpath = path + ".capacity";
        var node = map.Get("capacity");
        if (node is null)
        {
            Missing(map, "capacity", cpath, "a plant needs a non-empty capacity list [{year, gwh}, …]");
            return null;
        }
        if (IsInvalid(node)) return null;
        if (node is not YSeq seq || seq.Items.Count == 0)
        {
            Error(node, cpath, $"capacity must be a non-empty list of {{year, gwh}} entries, got {Describe(node)}");
            return null;
        }
        var steps = new List<CapacityStep>();
        bool ok = true;
        Value? previous = null;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string ipath = cpath + "." + i.ToString(CultureInfo.InvariantCulture);
            if (AsMap(seq.Items[i], ipath) is not { } entry) { ok = false; previous = null; continue; }
            CheckKeys(entry, ipath, ["year", "gwh"]);
            var year = Number(entry, "year", ipath + ".year", Year, fixedOnly: true, wholeYear: true);
            var gwh = Number(entry, "gwh", ipath + ".gwh", NonNegative);
            if (year is not null && previous is not null && !(year.Fixed > previous.Fixed))
            {
                Error(year.Node, ipath + ".year",
                    $"capacity years must be strictly increasing (the previous entry is {Fmt(previous.Fixed)})");
                ok = false;
            }
            if (year is null || gwh is null) { ok = false; previous = year ?? previous; continue; }
            previous = year;
            steps.Add(new CapacityStep((int)year.Fixed, gwh.Parameter));
        }
        return ok ? steps : null;
    }

    private OrderedDictionary<string, Parameter>? ReadOverrides(YMap map, string path, string plantId, RouteInfo? route)
    {
        var result = new OrderedDictionary<string, Parameter>(StringComparer.Ordinal);
        var node = map.Get("overrides");
        if (node is null) return result;
        string opath = path + ".overrides";
        if (AsMap(node, opath) is not { } overrides) return null;

        var leaves = new List<(string Relative, YScalar Key, YNode Value)>();
        if (!Flatten(overrides, [], opath, leaves, new Dictionary<string, YScalar>(StringComparer.Ordinal))) return null;

        bool ok = true;
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (relative, key, valueNode) in leaves)
        {
            string ppath = opath + "." + relative;
            var bounds = OverrideBounds(relative, route, out string? problem);
            if (problem is not null)
            {
                Error(key, ppath, relative, problem);
                ok = false;
                continue;
            }
            if (bounds is null) continue; // route unknown: already reported
            var value = ReadValue(valueNode, ppath, bounds.Value);
            if (value is null) { ok = false; continue; }
            values[relative] = value;
            result[relative] = value.Parameter;
        }

        if (route is not null && ok && values.Count > 0)
        {
            // Cross-field rules on the plant's effective values (only where an override takes part).
            void Pair(string lowRel, string highRel)
            {
                bool lowO = values.TryGetValue(lowRel, out var low), highO = values.TryGetValue(highRel, out var high);
                if (!lowO && !highO) return;
                low ??= route.Values.GetValueOrDefault(lowRel);
                high ??= route.Values.GetValueOrDefault(highRel);
                if (low is null || high is null) return;
                if (!CheckNotAbove(low, high, lowRel, highRel, (plantId, lowO))) ok = false;
            }
            Pair("yield.initial", "yield.mature");
            Pair("capexFloorUsdPerKWhYear", "capexUsdPerKWhYear");
            foreach (var m in route.Materials.Values.Where(m => !m.IsFlat))
                Pair("materials." + m.Id + ".floorUsdPerKg", "materials." + m.Id + ".usdPerKg");
        }
        return ok ? result : null;
    }

    /// <summary>
    /// Flattens nested overrides (<c>{yield: {initial: x}}</c>) and flat ones (<c>yield.initial: x</c>) into
    /// route-relative paths; a path written twice (in either spelling) is an error.
    /// </summary>
    private bool Flatten(YMap map, string[] prefix, string basePath, List<(string, YScalar, YNode)> leaves,
        Dictionary<string, YScalar> seen)
    {
        bool ok = true;
        foreach (var e in map.Entries)
        {
            var segments = e.Key.Text.Split('.');
            string written = string.Join('.', [.. prefix, e.Key.Text]);
            if (segments.Any(s => s.Length == 0))
            {
                Error(e.Key, basePath + "." + written, e.Key.Text, "an override path is a dotted path of non-empty keys");
                ok = false;
                continue;
            }
            string[] full = [.. prefix, .. segments];
            bool isPrefix = full.Length switch
            {
                1 => full[0] is "yield" or "learning" or "materials",
                2 => full[0] == "materials",
                _ => false,
            };
            if (isPrefix && e.Value is YMap sub)
            {
                ok &= Flatten(sub, full, basePath, leaves, seen);
                continue;
            }
            string relative = string.Join('.', full);
            if (seen.TryGetValue(relative, out var first))
            {
                Error(e.Key, basePath + "." + relative, relative,
                    $"override '{relative}' is written twice (first at line {first.Line}, column {first.Column})");
                ok = false;
                continue;
            }
            seen[relative] = e.Key;
            leaves.Add((relative, e.Key, e.Value));
        }
        return ok;
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
        if (RouteFields.TryGetValue(relative, out var b)) return b;
        if (s.Length == 3 && s[0] == "materials")
        {
            string material = s[1], field = s[2];
            if (field == "learningRate")
            {
                problem = "a material's learningRate cannot be overridden (learning belongs to the route)";
                return null;
            }
            if (!MaterialFields.TryGetValue(field, out var mb))
            {
                problem = $"'{field}' is not a material parameter (allowed: {string.Join(", ", MaterialFields.Keys.Where(k => k != "learningRate"))})";
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
        problem = $"'{relative}' is not an overridable route parameter (allowed: {string.Join(", ", RouteFields.Keys)}, materials.<id>.<field>)";
        return null;
    }

    // ---- correlations and comparisons ----------------------------------------------------------------

    private List<Correlation> ReadCorrelations(YMap root)
    {
        var result = new List<Correlation>();
        var node = root.Get("correlations");
        if (node is null || IsInvalid(node)) return result;
        if (node is not YSeq seq)
        {
            Error(node, "correlations", $"correlations must be a list of {{between: [path, path], rho: r}}, got {Describe(node)}");
            return result;
        }
        var seen = new Dictionary<(string, string), string>();
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string cpath = "correlations." + i.ToString(CultureInfo.InvariantCulture);
            if (AsMap(seq.Items[i], cpath) is not { } entry) continue;
            CheckKeys(entry, cpath, ["between", "rho"]);
            var rho = Number(entry, "rho", cpath + ".rho", new Bounds(-1, true, 1, true), fixedOnly: true, register: false);

            var between = entry.Get("between");
            if (between is null) { Missing(entry, "between", cpath + ".between"); continue; }
            if (IsInvalid(between)) continue;
            if (between is not YSeq pair || pair.Items.Count != 2)
            {
                Error(between, cpath + ".between", "between must be a list of exactly two parameter paths");
                continue;
            }
            var paths = new string?[2];
            for (int j = 0; j < 2; j++)
            {
                string ppath = cpath + ".between." + j.ToString(CultureInfo.InvariantCulture);
                string? p = Text(pair.Items[j], ppath);
                if (p is null) continue;
                if (!_parameters.TryGetValue(p, out var parameter))
                {
                    if (!_attempted.Contains(p)) Error(pair.Items[j], ppath, $"unknown parameter path '{p}'");
                    continue;
                }
                if (parameter.IsFixed)
                {
                    Error(pair.Items[j], ppath, $"correlated parameters must be uncertain, but '{p}' is fixed");
                    continue;
                }
                paths[j] = p;
            }
            if (paths[0] is null || paths[1] is null) continue;
            if (paths[0] == paths[1])
            {
                Error(pair.Items[1], cpath + ".between.1", "a correlation pair must name two different parameters");
                continue;
            }
            var k = string.CompareOrdinal(paths[0], paths[1]) < 0 ? (paths[0]!, paths[1]!) : (paths[1]!, paths[0]!);
            if (seen.TryGetValue(k, out var firstAt))
            {
                Error(between, cpath + ".between", $"the pair ({k.Item1}, {k.Item2}) is already correlated at {firstAt}");
                continue;
            }
            seen[k] = cpath;
            if (rho is null) continue;
            result.Add(new Correlation(paths[0]!, paths[1]!, rho.Fixed));
        }
        CheckPositiveDefinite(node, result);
        return result;
    }

    /// <summary>Each connected group of correlated parameters must have a positive-definite correlation matrix.</summary>
    private void CheckPositiveDefinite(YNode node, List<Correlation> pairs)
    {
        if (pairs.Count == 0) return;
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var c in pairs)
        {
            parent.TryAdd(c.PathA, c.PathA);
            parent.TryAdd(c.PathB, c.PathB);
            string a = Find(c.PathA), b = Find(c.PathB);
            if (a != b) parent[a] = b;
        }
        if (parent.Count > MaxCorrelated)
        {
            Error(node, "correlations", $"at most {MaxCorrelated} parameters may be correlated (here {parent.Count})");
            return;
        }
        var groups = parent.Keys.GroupBy(Find).Select(g => g.Order(StringComparer.Ordinal).ToArray())
            .OrderBy(g => g[0], StringComparer.Ordinal).ToArray();
        var position = new Dictionary<string, (int Group, int Index)>(StringComparer.Ordinal);
        for (int g = 0; g < groups.Length; g++)
            for (int i = 0; i < groups[g].Length; i++) position[groups[g][i]] = (g, i);
        var matrices = groups.Select(g =>
        {
            var m = new double[g.Length, g.Length];
            for (int i = 0; i < g.Length; i++) m[i, i] = 1;
            return m;
        }).ToArray();
        foreach (var c in pairs)
        {
            var (g, i) = position[c.PathA];
            int j = position[c.PathB].Index;
            matrices[g][i, j] = matrices[g][j, i] = c.Rho;
        }
        for (int g = 0; g < groups.Length; g++)
        {
            var (group, corr) = (groups[g], matrices[g]);
            if (!GaussianCopula.TryCholesky(corr, out _))
                Error(node, "correlations", string.Join(", ", group),
                    $"the correlation matrix of {string.Join(", ", group)} is not positive definite");
        }
    }

    private List<ComparisonSpec> ReadComparisons(YMap root, HashSet<string> regions, IEnumerable<string> routes, IEnumerable<string> plants)
    {
        var result = new List<ComparisonSpec>();
        var node = root.Get("comparisons");
        if (node is null || IsInvalid(node)) return result;
        if (node is not YSeq seq)
        {
            Error(node, "comparisons", $"comparisons must be a list of {{a, b, metric}}, got {Describe(node)}");
            return result;
        }
        var entities = new HashSet<string>(StringComparer.Ordinal) { "world", "benchmark" };
        foreach (var r in routes) entities.Add("route:" + r);
        foreach (var g in regions) entities.Add("region:" + g);
        foreach (var p in plants) entities.Add("plant:" + p);

        for (int i = 0; i < seq.Items.Count; i++)
        {
            string cpath = "comparisons." + i.ToString(CultureInfo.InvariantCulture);
            if (AsMap(seq.Items[i], cpath) is not { } entry) continue;
            CheckKeys(entry, cpath, ["a", "b", "metric"]);
            string? a = RequiredText(entry, "a", cpath + ".a");
            string? b = RequiredText(entry, "b", cpath + ".b");
            string? metric = RequiredText(entry, "metric", cpath + ".metric");
            bool ok = a is not null && b is not null && metric is not null;
            foreach (var (side, value) in new[] { ("a", a), ("b", b) })
            {
                if (value is null || entities.Contains(value)) continue;
                Error(entry.Get(side)!, cpath + "." + side,
                    $"unknown entity '{value}' (world, benchmark, route:<id>, region:<id> or plant:<id> of this scenario)");
                ok = false;
            }
            if (metric is not null && !Metrics.Contains(metric))
            {
                Error(entry.Get("metric")!, cpath + ".metric", $"unknown metric '{metric}' (one of {string.Join(", ", Metrics)})");
                ok = false;
            }
            else if (metric is not null && metric != "costUsdPerKWh")
            {
                foreach (var side in new[] { "a", "b" })
                {
                    if (entry.Get(side) is YScalar { Text: "benchmark" } s)
                    {
                        Error(s, cpath + "." + side, $"benchmark may be a side only with metric costUsdPerKWh, not {metric}");
                        ok = false;
                    }
                }
            }
            if (ok) result.Add(new ComparisonSpec(a!, b!, metric!));
        }
        return result;
    }

    // ---- numbers and distributions -------------------------------------------------------------------

    /// <summary>A parsed numeric field: its parameter and the node it was written at (the map lacking it for a default).</summary>
    private sealed record Value(Parameter Parameter, YNode Node)
    {
        public double Fixed => ((FixedValue)Parameter.Distribution).Value;
    }

    private Parameter Default(string path, double value)
    {
        var p = new Parameter(path, new FixedValue(value));
        _parameters[path] = p;
        return p;
    }

    private Value? Number(YMap map, string key, string path, Bounds bounds, bool fixedOnly = false,
        bool wholeYear = false, double? defaultValue = null, bool register = true)
    {
        var node = map.Get(key);
        if (node is null)
        {
            if (defaultValue is { } d) return new Value(Default(path, d), map);
            Missing(map, key, path);
            return null;
        }
        return ReadValue(node, path, bounds, fixedOnly, wholeYear, register);
    }

    private Value? ReadValue(YNode node, string path, Bounds bounds, bool fixedOnly = false, bool wholeYear = false, bool register = true)
    {
        if (register) _attempted.Add(path);
        if (IsInvalid(node)) return null;
        Distribution? distribution;
        switch (node)
        {
            case YScalar { Kind: ScalarKind.Number } s:
                if (!double.IsFinite(s.Number))
                {
                    Error(s, path, "must be a finite number");
                    return null;
                }
                if (wholeYear && s.Number != Math.Floor(s.Number))
                {
                    Error(s, path, "must be a whole year");
                    return null;
                }
                distribution = new FixedValue(s.Number);
                break;
            case YMap m when fixedOnly:
                Error(m, path, "must be a fixed number (a distribution is not allowed here)");
                return null;
            case YMap m:
                distribution = ReadDistribution(m, path);
                if (distribution is null) return null;
                break;
            default:
                Error(node, path, $"expected a number{(fixedOnly ? "" : " or a distribution")}, got {Describe(node)}");
                return null;
        }

        if (!bounds.Contains(distribution.Support))
        {
            Error(node, path, distribution.IsFixed
                ? $"must be {bounds}"
                : $"the whole support must be {bounds}, but this {distribution.Kind} has support {Interval(distribution.Support)}"
                  + (distribution.Kind is "normal" or "percentiles" ? " (use a bounded form, a truncated normal or percentiles with lowerBound)" : ""));
            return null;
        }
        var parameter = new Parameter(path, distribution);
        if (register) _parameters[path] = parameter;
        return new Value(parameter, node);
    }

    private Distribution? ReadDistribution(YMap map, string path)
    {
        var forms = map.Entries.Where(e => Forms.Contains(e.Key.Text)).ToList();
        if (forms.Count == 0)
        {
            Error(map, path, "expected a number or exactly one distribution form: {uniform: [a, b]}, {triangular: [a, m, b]}, "
                + "{pert: [a, m, b]}, {normal: [mu, sigma], min: x, max: y}, {lognormal: [median, sigmaLog]}, "
                + "{discrete: {value: probability, …}}, {percentiles: [p10, p50, p90], lowerBound: L}");
            return null;
        }
        if (forms.Count > 1)
        {
            Error(forms[1].Key, path, forms[1].Key.Text,
                $"exactly one distribution form is allowed, found {string.Join(" and ", forms.Select(f => f.Key.Text))}");
            return null;
        }
        string form = forms[0].Key.Text;
        string[] extras = form switch { "normal" => ["min", "max"], "percentiles" => ["lowerBound"], _ => [] };
        bool ok = true;
        foreach (var e in map.Entries)
        {
            if (e == forms[0] || extras.Contains(e.Key.Text)) continue;
            Error(e.Key, path, e.Key.Text, $"unknown key '{e.Key.Text}' in a {form} distribution"
                + (extras.Length > 0 ? $" (allowed: {form}, {string.Join(", ", extras)})" : $" (only {form} is allowed)"));
            ok = false;
        }
        double? Extra(string key)
        {
            var node = map.Get(key);
            if (node is null) return null;
            if (node is YScalar { Kind: ScalarKind.Number } s && double.IsFinite(s.Number)) return s.Number;
            if (!IsInvalid(node)) Error(node, path, $"{form} {key} must be a finite number, got {Describe(node)}");
            ok = false;
            return null;
        }

        var args = forms[0].Value;
        double[]? a = form switch
        {
            "uniform" => Arguments(args, path, form, "[a, b]", 2),
            "triangular" or "pert" => Arguments(args, path, form, "[a, m, b]", 3),
            "normal" => Arguments(args, path, form, "[mu, sigma]", 2),
            "lognormal" => Arguments(args, path, form, "[median, sigmaLog]", 2),
            "percentiles" => Arguments(args, path, form, "[p10, p50, p90]", 3),
            _ => [],
        };
        List<(double, double)>? outcomes = form == "discrete" ? Outcomes(args, path) : null;
        double? min = form == "normal" ? Extra("min") : null;
        double? max = form == "normal" ? Extra("max") : null;
        double? lowerBound = form == "percentiles" ? Extra("lowerBound") : null;
        if (!ok || a is null || (form == "discrete" && outcomes is null)) return null;

        try
        {
            return form switch
            {
                "uniform" => new UniformDistribution(a[0], a[1]),
                "triangular" => new TriangularDistribution(a[0], a[1], a[2]),
                "pert" => new PertDistribution(a[0], a[1], a[2]),
                "normal" => new NormalDistribution(a[0], a[1], min, max),
                "lognormal" => new LognormalDistribution(a[0], a[1]),
                "percentiles" => new PercentilesDistribution(a[0], a[1], a[2], lowerBound),
                _ => new DiscreteDistribution(outcomes!),
            };
        }
        catch (ArgumentException ex)
        {
            Error(map, path, ex.Message);
            return null;
        }
    }

    private double[]? Arguments(YNode node, string path, string form, string shape, int count)
    {
        if (IsInvalid(node)) return null;
        if (node is not YSeq seq || seq.Items.Count != count)
        {
            Error(node, path, $"{form} needs a list of exactly {count} numbers {shape}, got {Describe(node)}");
            return null;
        }
        var values = new double[count];
        bool ok = true;
        for (int i = 0; i < count; i++)
        {
            var item = seq.Items[i];
            if (item is YScalar { Kind: ScalarKind.Number } s && double.IsFinite(s.Number)) values[i] = s.Number;
            else
            {
                if (!IsInvalid(item)) Error(item, path, $"{form} arguments must be finite numbers, got {Describe(item)}");
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private List<(double, double)>? Outcomes(YNode node, string path)
    {
        if (IsInvalid(node)) return null;
        if (node is not YMap map || map.Entries.Count == 0)
        {
            Error(node, path, $"discrete needs a non-empty map {{value: probability, …}}, got {Describe(node)}");
            return null;
        }
        var outcomes = new List<(double, double)>();
        bool ok = true;
        foreach (var e in map.Entries)
        {
            if (e.Key is not { Kind: ScalarKind.Number } k || !double.IsFinite(k.Number))
            {
                Error(e.Key, path, e.Key.Text, $"discrete values (the keys) must be finite numbers, got {Describe(e.Key)}");
                ok = false;
                continue;
            }
            if (e.Value is not YScalar { Kind: ScalarKind.Number } p || !double.IsFinite(p.Number))
            {
                if (!IsInvalid(e.Value)) Error(e.Value, path, $"discrete probabilities must be finite numbers, got {Describe(e.Value)}");
                ok = false;
                continue;
            }
            outcomes.Add((k.Number, p.Number));
        }
        return ok ? outcomes : null;
    }

    // ---- small helpers -------------------------------------------------------------------------------

    private void CheckKeys(YMap map, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var e in map.Entries)
        {
            if (allowed.Contains(e.Key.Text)) continue;
            Error(e.Key, Join(path, e.Key.Text), e.Key.Text,
                $"unknown key '{e.Key.Text}' (allowed: {string.Join(", ", allowed)})");
        }
    }

    private YMap? RequiredMap(YMap parent, string key, string path)
    {
        var node = parent.Get(key);
        if (node is null)
        {
            Missing(parent, key, path);
            return null;
        }
        return AsMap(node, path);
    }

    private YMap? AsMap(YNode node, string path)
    {
        if (node is YMap m) return m;
        if (!IsInvalid(node)) Error(node, path, $"expected a map, got {Describe(node)}");
        return null;
    }

    private string? RequiredText(YMap map, string key, string path)
    {
        var node = map.Get(key);
        if (node is null)
        {
            Missing(map, key, path);
            return null;
        }
        return Text(node, path);
    }

    private string? OptionalText(YMap map, string key, string path)
    {
        var node = map.Get(key);
        return node is null ? null : Text(node, path);
    }

    /// <summary>Text fields take any non-null scalar as written (<c>name: 2025</c> is the text "2025").</summary>
    private string? Text(YNode node, string path)
    {
        if (node is YScalar { Kind: ScalarKind.String or ScalarKind.Number or ScalarKind.Bool } s) return s.Text;
        if (!IsInvalid(node)) Error(node, path, $"expected text, got {Describe(node)}");
        return null;
    }

    private void Missing(YMap map, string key, string path, string? why = null) =>
        _errors.Add(new ValidationError(map.File, map.Line, map.Column, path, null,
            $"missing required field '{key}'" + (why is null ? "" : $" ({why})")));

    private void Error(YNode node, string path, string rule) => Error(node, path, node.Render(), rule);

    private void Error(YNode node, string path, string? value, string rule) =>
        _errors.Add(new ValidationError(node.File, node.Line, node.Column, path, value, rule));

    private static bool IsInvalid(YNode node) => node is YScalar { Kind: ScalarKind.Invalid };

    private static string Describe(YNode node) => node switch
    {
        YMap => "a map",
        YSeq => "a list",
        YScalar { Kind: ScalarKind.Null } => "null",
        YScalar { Kind: ScalarKind.Bool } s => $"the boolean {s.Text}",
        YScalar { Kind: ScalarKind.Number } s => $"the number {Short(s.Text)}",
        YScalar { Quoted: true } s => $"the quoted string '{Short(s.Text)}' (quoted scalars are strings)",
        YScalar s => $"the string '{Short(s.Text)}'",
        _ => "an invalid value",
    };

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    internal static string Fmt(double x) => double.IsPositiveInfinity(x) ? "inf"
        : double.IsNegativeInfinity(x) ? "-inf" : x.ToString("R", CultureInfo.InvariantCulture);

    private static string Interval(Support s) =>
        (s.MinInclusive ? "[" : "(") + Fmt(s.Min) + ", " + Fmt(s.Max) + (s.MaxInclusive ? "]" : ")");
}

/// <summary>A field's allowed interval; an infinite end means no bound on that side.</summary>
internal readonly record struct Bounds(double Lo, bool LoOpen, double Hi, bool HiOpen)
{
    public static Bounds AtLeast(double lo) => new(lo, false, double.PositiveInfinity, true);
    public static Bounds Above(double lo) => new(lo, true, double.PositiveInfinity, true);

    /// <summary>
    /// The whole support lies within: "≥ lo" passes when Min ≥ lo; "&gt; lo" when Min &gt; lo or (Min = lo and
    /// the support is open there); the same for the upper end.
    /// </summary>
    public bool Contains(Support s)
    {
        bool lo = double.IsNegativeInfinity(Lo) || s.Min > Lo || (s.Min == Lo && (!LoOpen || !s.MinInclusive));
        bool hi = double.IsPositiveInfinity(Hi) || s.Max < Hi || (s.Max == Hi && (!HiOpen || !s.MaxInclusive));
        return lo && hi;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (!double.IsNegativeInfinity(Lo)) parts.Add((LoOpen ? "> " : ">= ") + ScenarioValidator.Fmt(Lo));
        if (!double.IsPositiveInfinity(Hi)) parts.Add((HiOpen ? "< " : "<= ") + ScenarioValidator.Fmt(Hi));
        return string.Join(" and ", parts);
    }
}
