using System.Globalization;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Process chains (model-spec-v2 §2.1, rules 2–5 of §2.5): <c>process: {steps: {id: step, …}}</c> on a route or a
/// plant, and the step form options add. A step gives each quantity (capex, energy, labour, atmosphere) in at most
/// one form; every number lies within the bounds of §2.4.
/// </summary>
internal static class ProcessRules
{
    private static readonly string[] StepKeys =
        ["name", "inputs", "capexShare", "capexUsdPerKWhYear", "capexFloorUsdPerKWhYear", "energyShare", "energyKWhPerKWh",
         "thermal", "laborShare", "laborHoursPerKWh", "atmosphere", "atmosphereShare", "atmosphereUsdPerKWhYear",
         "consumablesUsdPerKWh", "consumablesLithiumShare", "yield", "learningRate", "losses", "readyYear"];

    /// <summary>Every numeric step field by its step-relative name (losses per material are added by pattern).</summary>
    public static readonly Dictionary<string, Bounds> NumericFields = new(StringComparer.Ordinal)
    {
        ["capexShare"] = Bounds.Fraction01,
        ["capexUsdPerKWhYear"] = Bounds.NonNegative,
        ["capexFloorUsdPerKWhYear"] = Bounds.NonNegative,
        ["energyShare"] = Bounds.Fraction01,
        ["energyKWhPerKWh"] = Bounds.NonNegative,
        ["laborShare"] = Bounds.Fraction01,
        ["laborHoursPerKWh"] = Bounds.NonNegative,
        ["atmosphereShare"] = Bounds.Fraction01,
        ["atmosphereUsdPerKWhYear"] = Bounds.NonNegative,
        ["consumablesUsdPerKWh"] = Bounds.NonNegative,
        ["consumablesLithiumShare"] = Bounds.Fraction01,
        ["yield.initial"] = Bounds.YieldFraction,
        ["yield.mature"] = Bounds.YieldFraction,
        ["yield.timeConstantYears"] = Bounds.NonNegative,
        ["learningRate"] = Bounds.Fraction01Open,
        ["thermal.chargeKgPerKWh"] = Bounds.NonNegative,
        ["thermal.temperatureC"] = new Bounds(25, false, 2000, false),
        ["thermal.holdHours"] = Bounds.NonNegative,
        ["thermal.specificHeatKJPerKgK"] = Bounds.Positive,
        ["thermal.efficiency"] = Bounds.YieldFraction,
        ["thermal.holdKWPerKg"] = Bounds.NonNegative,
        ["readyYear"] = Bounds.Year,
    };

    /// <summary>The defaults of §2.1 and §2.4 for fields a step does not write.</summary>
    public static readonly Dictionary<string, double> Defaults = new(StringComparer.Ordinal)
    {
        ["consumablesUsdPerKWh"] = 0, ["consumablesLithiumShare"] = 0,
        ["yield.initial"] = 1, ["yield.mature"] = 1, ["yield.timeConstantYears"] = 0,
        ["thermal.holdHours"] = 0, ["thermal.specificHeatKJPerKgK"] = 1.0, ["thermal.efficiency"] = 0.25,
        ["thermal.holdKWPerKg"] = 0,
        ["energyKWhPerKWh"] = 0, ["laborHoursPerKWh"] = 0, ["capexUsdPerKWhYear"] = 0, ["capexFloorUsdPerKWhYear"] = 0,
        ["atmosphereUsdPerKWhYear"] = 0,
    };

    /// <summary>The bounds of a step-relative field, losses included; null when it is no numeric step field.</summary>
    public static Bounds? FieldBounds(string field)
    {
        if (NumericFields.TryGetValue(field, out var b)) return b;
        var s = field.Split('.');
        return s.Length == 3 && s[0] == "losses" && s[2] is "extra" or "lithiumExcess" ? Bounds.NonNegative : null;
    }

    /// <summary>What a step may hold where it is read.</summary>
    public sealed record StepScope(IReadOnlyCollection<string> Materials, bool AllowReadyYear, bool AllowLearningRate);

    /// <summary>
    /// <c>&lt;owner&gt;.process</c> (a route's or plant's); null when absent or broken (<paramref name="ok"/> false then).
    /// </summary>
    public static ProcessChain? ReadChain(ValidationContext context, YMap owner, string ownerPath, StepScope scope, out bool ok)
    {
        ok = true;
        var node = owner.Get("process");
        if (node is null) return null;
        string path = ownerPath + ".process";
        ok = false;
        if (context.AsMap(node, path) is not { } process) return null;
        context.CheckKeys(process, path, ["steps"]);
        string spath = path + ".steps";
        if (context.RequiredMap(process, "steps", spath) is not { } steps) return null;
        if (steps.Entries.Count == 0)
        {
            context.Error(steps, spath, "a process chain needs at least one step");
            return null;
        }
        var result = new List<ProcessStep>();
        bool all = true;
        foreach (var e in steps.Entries)
        {
            string id = e.Key.Text;
            if (!IsStepId(context, e.Key, spath + "." + id)) { all = false; continue; }
            if (context.AsMap(e.Value, spath + "." + id) is not { } map) { all = false; continue; }
            if (ReadStep(context, map, id, spath + "." + id, scope) is { } step) result.Add(step);
            else all = false;
        }
        if (!all) return null;
        if (!CheckInputsOnce(context, steps, spath, result) | !CheckShareSums(context, process.Find("steps")!.Key, spath, result)) return null;
        ok = true;
        return new ProcessChain(result);
    }

    public static bool IsStepId(ValidationContext context, YScalar key, string path)
    {
        if (Ids.IsEntityId(key.Text) && key.Text != "other") return true;
        context.Error(key, path, key.Text, "a step id must match [A-Za-z0-9][A-Za-z0-9_-]* and may not be 'other'");
        return false;
    }

    /// <summary>One step: every key of §2.1, at most one form per quantity.</summary>
    public static ProcessStep? ReadStep(ValidationContext context, YMap map, string id, string path, StepScope scope)
    {
        context.CheckKeys(map, path, StepKeys);
        bool ok = true;
        string name = context.OptionalText(map, "name", path + ".name") ?? id;
        var inputs = ReadMaterialList(context, map, "inputs", path, scope.Materials, ref ok);

        var fields = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        void Field(YMap m, string key, string field)
        {
            if (m.Get(key) is null) return;
            if (context.Number(m, key, path + "." + field, NumericFields[field]) is { } v) { fields[field] = v.Parameter; nodes[field] = v; }
            else ok = false;
        }
        foreach (var f in new[] { "capexShare", "capexUsdPerKWhYear", "capexFloorUsdPerKWhYear", "energyShare", "energyKWhPerKWh",
                     "laborShare", "laborHoursPerKWh", "atmosphereShare", "atmosphereUsdPerKWhYear", "consumablesUsdPerKWh",
                     "consumablesLithiumShare" })
            Field(map, f, f);

        OneForm(context, map, path, ["capexShare", "capexUsdPerKWhYear"], ref ok);
        OneForm(context, map, path, ["energyShare", "energyKWhPerKWh", "thermal"], ref ok);
        OneForm(context, map, path, ["laborShare", "laborHoursPerKWh"], ref ok);
        OneForm(context, map, path, ["atmosphereShare", "atmosphereUsdPerKWhYear"], ref ok);
        if (map.Find("capexFloorUsdPerKWhYear") is { } floorEntry && map.Get("capexUsdPerKWhYear") is null)
        {
            context.Error(floorEntry.Key, path + ".capexFloorUsdPerKWhYear", "capexFloorUsdPerKWhYear",
                "capexFloorUsdPerKWhYear is allowed only with capexUsdPerKWhYear (a share's floor is the route's)");
            ok = false;
        }
        if (nodes.TryGetValue("capexFloorUsdPerKWhYear", out var floor) && nodes.TryGetValue("capexUsdPerKWhYear", out var capex))
            ok &= context.CheckNotAbove(floor, capex, "capexFloorUsdPerKWhYear", "capexUsdPerKWhYear", null);

        if (map.Get("learningRate") is { } lrNode)
        {
            if (scope.AllowLearningRate) Field(map, "learningRate", "learningRate");
            else
            {
                context.Error(lrNode, path + ".learningRate", "a plant's step may not set learningRate (learning belongs to the route)");
                ok = false;
            }
        }
        if (map.Get("readyYear") is { } readyNode)
        {
            if (!scope.AllowReadyYear)
            {
                context.Error(readyNode, path + ".readyYear", "an added step has no readyYear (the option's readyYear is its readiness)");
                ok = false;
            }
            else if (ReadReadiness(context, readyNode, path + ".readyYear") is { } ready) fields["readyYear"] = ready.Parameter;
            else ok = false;
        }

        if (map.Get("yield") is { } yieldNode)
        {
            if (context.AsMap(yieldNode, path + ".yield") is { } y)
            {
                context.CheckKeys(y, path + ".yield", ["initial", "mature", "timeConstantYears"]);
                int before = fields.Count;
                foreach (var k in new[] { "initial", "mature", "timeConstantYears" })
                {
                    if (y.Get(k) is null) { context.Missing(y, k, path + ".yield." + k, "a step yield needs initial, mature and timeConstantYears"); ok = false; }
                    else Field(y, k, "yield." + k);
                }
                if (nodes.TryGetValue("yield.initial", out var y0) && nodes.TryGetValue("yield.mature", out var yM))
                    ok &= context.CheckNotAbove(y0, yM, "yield.initial", "yield.mature", null);
            }
            else ok = false;
        }

        if (map.Get("thermal") is { } thermalNode)
        {
            if (context.AsMap(thermalNode, path + ".thermal") is { } t)
            {
                var keys = new[] { "chargeKgPerKWh", "temperatureC", "holdHours", "specificHeatKJPerKgK", "efficiency", "holdKWPerKg" };
                context.CheckKeys(t, path + ".thermal", keys);
                foreach (var k in keys)
                {
                    if (t.Get(k) is null)
                    {
                        if (k is "chargeKgPerKWh" or "temperatureC") { context.Missing(t, k, path + ".thermal." + k, "the thermal rule needs the charge and the temperature"); ok = false; }
                        continue;
                    }
                    Field(t, k, "thermal." + k);
                }
            }
            else ok = false;
        }

        // A broken atmosphere (null) is reported where it is written; the atmosphere cost is not then blamed on it.
        var atmosphere = ReadAtmosphere(context, map, path, out double? dewPoint, ref ok);
        if (atmosphere == AtmosphereClass.Ambient)
            foreach (var k in new[] { "atmosphereShare", "atmosphereUsdPerKWhYear" })
                if (map.Find(k) is { } e)
                {
                    context.Error(e.Key, path + "." + k, k, $"{k} needs an atmosphere of class dryRoom or inert (this step is ambient)");
                    ok = false;
                }

        var lossMaterials = new List<string>();
        if (map.Get("losses") is { } lossNode)
        {
            string lpath = path + ".losses";
            if (context.AsMap(lossNode, lpath) is { } losses)
                foreach (var e in losses.Entries)
                {
                    string m = e.Key.Text, mpath = lpath + "." + m;
                    if (!scope.Materials.Contains(m))
                    {
                        context.Error(e.Key, mpath, m, $"losses name a material of the route; '{m}' is not one (materials: {string.Join(", ", scope.Materials)})");
                        ok = false;
                        continue;
                    }
                    if (context.AsMap(e.Value, mpath) is not { } loss) { ok = false; continue; }
                    context.CheckKeys(loss, mpath, ["extra", "lithiumExcess"]);
                    if (loss.Get("extra") is null && loss.Get("lithiumExcess") is null)
                    {
                        context.Error(loss, mpath, "a loss needs extra, lithiumExcess or both");
                        ok = false;
                        continue;
                    }
                    foreach (var k in new[] { "extra", "lithiumExcess" })
                    {
                        if (loss.Get(k) is null) continue;
                        if (context.Number(loss, k, mpath + "." + k, Bounds.NonNegative) is { } v) fields[$"losses.{m}.{k}"] = v.Parameter;
                        else ok = false;
                    }
                    lossMaterials.Add(m);
                }
            else ok = false;
        }

        if (!ok || inputs is null || atmosphere is not { } atmosphereClass) return null;
        return new ProcessStep(id, name, inputs, atmosphereClass, dewPoint, fields) { LossMaterials = lossMaterials };
    }

    /// <summary>A readiness year: any v1 form within 1990..2100, or <c>{readyBy: {year: p, …}}</c> (§3.1).</summary>
    public static FieldValue? ReadReadiness(ValidationContext context, YNode node, string path)
    {
        if (node is not YMap map || map.Find("readyBy") is not { } entry) return context.ReadValue(node, path, Bounds.Year);
        if (map.Entries.Count > 1)
        {
            var extra = map.Entries.First(e => e != entry);
            context.Error(extra.Key, path, extra.Key.Text, "readyBy stands alone (no other key beside it)");
            return null;
        }
        if (context.AsMap(entry.Value, path) is not { } points || points.Entries.Count == 0)
        {
            if (entry.Value is YMap) context.Error(entry.Value, path, "readyBy needs at least one {year: probability}");
            return null;
        }
        var list = new List<(int, double)>();
        foreach (var e in points.Entries)
        {
            if (e.Key is not { Kind: ScalarKind.Number } y || y.Number != Math.Floor(y.Number) || y.Number < 1990 || y.Number > 2100)
            {
                context.Error(e.Key, path, e.Key.Text, "readyBy years must be whole years within 1990..2100");
                return null;
            }
            if (e.Value is not YScalar { Kind: ScalarKind.Number } p || !double.IsFinite(p.Number))
            {
                context.Error(e.Value, path, "readyBy probabilities must be numbers");
                return null;
            }
            list.Add(((int)y.Number, p.Number));
        }
        try
        {
            return context.Register(new Parameter(path, new ReadyByDistribution(list)), node);
        }
        catch (ArgumentException ex)
        {
            context.Error(node, path, ex.Message);
            return null;
        }
    }

    private static List<string>? ReadMaterialList(ValidationContext context, YMap map, string key, string path,
        IReadOnlyCollection<string> materials, ref bool ok)
    {
        var node = map.Get(key);
        if (node is null) return [];
        string ipath = path + "." + key;
        if (node is not YSeq seq)
        {
            context.Error(node, ipath, $"{key} must be a list of material ids, got {ValidationContext.Describe(node)}");
            ok = false;
            return null;
        }
        var result = new List<string>();
        foreach (var item in seq.Items)
        {
            if (context.Text(item, ipath) is not { } m) { ok = false; continue; }
            if (!materials.Contains(m))
            {
                context.Error(item, ipath, $"'{m}' is not a material of the route (materials: {string.Join(", ", materials)})");
                ok = false;
            }
            else if (result.Contains(m))
            {
                context.Error(item, ipath, $"'{m}' is listed twice");
                ok = false;
            }
            else result.Add(m);
        }
        return result;
    }

    private static void OneForm(ValidationContext context, YMap map, string path, string[] forms, ref bool ok)
    {
        var given = forms.Where(f => map.Get(f) is not null).ToArray();
        if (given.Length <= 1) return;
        var second = map.Find(given[1])!;
        context.Error(second.Key, path + "." + given[1], given[1],
            $"a step gives a quantity in at most one form; found {string.Join(" and ", given)}");
        ok = false;
    }

    private static AtmosphereClass? ReadAtmosphere(ValidationContext context, YMap map, string path, out double? dewPoint, ref bool ok)
    {
        dewPoint = null;
        if (map.Get("atmosphere") is not { } node) return AtmosphereClass.Ambient;
        string apath = path + ".atmosphere";
        if (context.AsMap(node, apath) is not { } a) { ok = false; return null; }
        context.CheckKeys(a, apath, ["class", "dewPointC"]);
        var cls = context.RequiredText(a, "class", apath + ".class") switch
        {
            "ambient" => AtmosphereClass.Ambient,
            "dryRoom" => AtmosphereClass.DryRoom,
            "inert" => AtmosphereClass.Inert,
            null => (AtmosphereClass?)null,
            var other => Unknown(other),
        };
        AtmosphereClass? Unknown(string text)
        {
            context.Error(a.Get("class")!, apath + ".class", $"unknown atmosphere class '{text}' (ambient, dryRoom or inert)");
            return null;
        }
        if (cls is null) { ok = false; return null; }
        var dew = a.Find("dewPointC");
        if (cls == AtmosphereClass.DryRoom && dew is null)
        {
            context.Missing(a, "dewPointC", apath + ".dewPointC", "a dry room needs its dew point");
            ok = false;
        }
        else if (cls != AtmosphereClass.DryRoom && dew is not null)
        {
            context.Error(dew.Key, apath + ".dewPointC", "dewPointC", "dewPointC is allowed only for class dryRoom");
            ok = false;
        }
        else if (dew is not null)
        {
            var v = context.ReadValue(dew.Value, apath + ".dewPointC", new Bounds(-100, false, 0, true), fixedOnly: true, register: false);
            if (v is null) ok = false; else dewPoint = v.Fixed;
        }
        return cls.Value;
    }

    /// <summary>Rule 4: a material enters the line at one step of a base chain at most.</summary>
    private static bool CheckInputsOnce(ValidationContext context, YMap steps, string path, List<ProcessStep> chain)
    {
        bool ok = true;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in chain)
            foreach (var m in step.Inputs)
            {
                if (seen.TryAdd(m, step.Id)) continue;
                context.Error(steps.Get(step.Id)!, path + "." + step.Id + ".inputs",
                    $"material '{m}' enters the line at step '{seen[m]}' already (a base chain lists a material once)");
                ok = false;
            }
        return ok;
    }

    /// <summary>Rule 3: per quantity, the shares' support maxima sum to at most 1 + 1e−9; located at <c>steps</c>.</summary>
    private static bool CheckShareSums(ValidationContext context, YNode at, string path, List<ProcessStep> chain)
    {
        bool ok = true;
        foreach (var share in new[] { "capexShare", "energyShare", "laborShare", "atmosphereShare" })
        {
            var parts = chain.Where(s => s.Field(share) is not null).Select(s => (s.Id, Max: s.Field(share)!.Distribution.Support.Max)).ToList();
            double sum = 0;
            foreach (var p in parts) sum += p.Max;
            if (sum <= 1 + 1e-9) continue;
            context.Error(at, path, $"the {share} maxima of the chain sum to {NumberText.Format(sum)} > 1 ("
                + string.Join(" + ", parts.Select(p => $"{p.Id} {NumberText.Format(p.Max)}")) + ")");
            ok = false;
        }
        return ok;
    }

    public static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
