using ScenarioGrid.Engine.Loading.Validation;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>
/// A v2 scenario compiled for <see cref="ProcessKernel"/>: per plant, the table of keys it reads (each with its base
/// column and the option effects on it, model-spec-v2 §4.2), its potential chain with every quantity's form and keys
/// (§4.4), the options in scope and the readiness its start of production waits for (§4.1).
/// </summary>
public sealed class ProcessPlan
{
    public ProcessLayout Layout { get; }
    internal PlantPlan[] Plants { get; }

    /// <summary>Per route: its entity row per waterfall step (other last), or empty; the kernel's route step sums.</summary>
    internal int[][] RouteStepRows { get; }

    /// <summary>Readiness slots: route index (chain readiness), then option index (its readiness), in this order.</summary>
    public IReadOnlyList<ReadinessSlot> ReadinessSlots { get; }

    internal int[] OptionReadiness { get; }

    public ProcessPlan(CompiledModel model)
    {
        var s = model.Scenario;
        Layout = new ProcessLayout(s);
        OptionReadiness = s.Options.Select(o => model.IndexOf(o.ReadyYear.Path)).ToArray();
        Plants = s.Plants.Select((p, i) => new PlantPlan(model, p, i, Layout, OptionReadiness)).ToArray();
        RouteStepRows = s.Routes.Select((r, i) => Layout.RouteSteps[i].Count == 0 ? []
            : Layout.RouteSteps[i].Append(ProcessLayout.Other).Select(step =>
            {
                Layout.TryFindRow("route:" + r.Id, step, out int row);
                return row;
            }).ToArray()).ToArray();
        var slots = new List<ReadinessSlot>();
        for (int r = 0; r < s.Routes.Count; r++)
        {
            var ready = (s.Routes[r].Process?.Steps ?? []).Where(x => x.Field("readyYear") is not null)
                .Select(x => model.IndexOf(x.Field("readyYear")!.Path)).ToArray();
            if (ready.Length > 0) slots.Add(new ReadinessSlot("route:" + s.Routes[r].Id, ready));
        }
        for (int o = 0; o < s.Options.Count; o++) slots.Add(new ReadinessSlot("option:" + s.Options[o].Id, [OptionReadiness[o]]));
        ReadinessSlots = slots;
    }
}

/// <summary>An entity whose readiness is tallied: the latest of <see cref="Columns"/> (rounded) is its year.</summary>
public sealed record ReadinessSlot(string Entity, int[] Columns);

/// <summary>How an entry gives a quantity (§2.1): a share of the route's lumped number, an absolute amount, or the thermal rule.</summary>
internal enum Form { None, Share, Absolute, Thermal }

/// <summary>A key a plant reads: its base (an input column, or a constant default) and the effects on it in application order.</summary>
internal sealed class KeyPlan(string relative, int baseColumn, double constant)
{
    public string Relative { get; } = relative;
    public int BaseColumn { get; } = baseColumn;   // −1: the constant
    public double Constant { get; } = constant;
    public List<(int Option, EffectOperation Operation, int Value)> Effects { get; } = [];
}

internal sealed record LossPlan(int Material, int Extra, int LithiumExcess);

/// <summary>An entry of the potential chain, <c>other</c> last. Key indices are into <see cref="PlantPlan.Keys"/>, −1 for none.</summary>
internal sealed class EntryPlan
{
    public required string Step { get; init; }
    public required bool InBase { get; init; }
    public required int StepRow { get; init; }
    public required int RouteStepIndex { get; init; }
    public Form Energy, Capex, Labor, Atmosphere;
    public int EnergyKey = -1, CapexKey = -1, CapexFloorKey = -1, LaborKey = -1, AtmosphereKey = -1;
    public int ThermalCharge = -1, ThermalTemperature = -1, ThermalHold = -1, ThermalHeat = -1, ThermalEfficiency = -1, ThermalHoldPower = -1;
    public int Consumables = -1, ConsumablesLithium = -1, YieldInitial = -1, YieldMature = -1, YieldTau = -1;
    public int LearningRate = -1;    // input column of the step's learning rate
    public int Readiness = -1;       // input column of its readyYear (base steps only)
    public int[] Inputs = [];        // material indices
    public LossPlan[] Losses = [];   // material file order
    public bool IsOther { get; init; }
}

internal sealed record MaterialPlan(bool IsFlat, int Kg, int UsdPerKg, int UsdPerKWh, int LithiumShare, int Floor, int LearningRate);

/// <summary>An option in scope of the plant: <see cref="Bit"/> is its bit in the plant's adoption masks.</summary>
internal sealed record ScopedOption(int Option, int Bit, AdoptionRule Adoption, int Readiness,
    (OptionEffect Effect, int Entry, int Anchor)[] Structure);

internal sealed class PlantPlan
{
    public int Route, Region, AnnouncedSop, Delay, PlantEntity;
    public int[] CapacityYears = [], CapacityGwh = [];
    public int ProcessEnergy, LaborHours, Capex, CapexFloor, DryRoom, YieldInitial, YieldMature, YieldTau, RampTau, ProcessRate;
    public MaterialPlan[] Materials = [];
    public List<KeyPlan> Keys { get; } = [];
    public EntryPlan[] Entries = [];     // potential chain, then other
    public int[][] RestShares = [];      // per quantity (energy, labour, capex, atmosphere): base share keys in base-chain order
    public ScopedOption[] Options = [];
    public ulong BaseEntries;            // bits of the base chain's entries (other included)
    private readonly Dictionary<string, int> _keyIndex = new(StringComparer.Ordinal);

    public PlantPlan(CompiledModel model, Plant p, int index, ProcessLayout layout, int[] optionReadiness)
    {
        var s = model.Scenario;
        Route = s.Routes.ToList().FindIndex(r => r.Id == p.RouteId);
        Region = s.Regions.ToList().FindIndex(g => g.Id == p.RegionId);
        var route = s.Routes[Route];
        PlantEntity = model.Entities.PlantBase + index;
        AnnouncedSop = p.AnnouncedSopYear;
        Delay = model.IndexOf(p.SopDelayYears.Path);
        CapacityYears = p.Capacity.Select(c => c.Year).ToArray();
        CapacityGwh = p.Capacity.Select(c => model.IndexOf(c.Gwh.Path)).ToArray();
        ProcessRate = model.IndexOf(route.LearningProcessRate.Path);

        int V1(string relative, Parameter? routeValue, double constant = 0) =>
            Key(relative, p.Overrides.TryGetValue(relative, out var o) ? model.IndexOf(o.Path)
                : routeValue is null ? -1 : model.IndexOf(routeValue.Path), constant);
        ProcessEnergy = V1("processEnergyKWhPerKWh", route.ProcessEnergyKWhPerKWh);
        LaborHours = V1("laborHoursPerKWh", route.LaborHoursPerKWh);
        Capex = V1("capexUsdPerKWhYear", route.CapexUsdPerKWhYear);
        CapexFloor = V1("capexFloorUsdPerKWhYear", route.CapexFloorUsdPerKWhYear);
        DryRoom = V1("dryRoomUsdPerKWhYear", route.DryRoomUsdPerKWhYear);
        YieldInitial = V1("yield.initial", route.YieldInitial);
        YieldMature = V1("yield.mature", route.YieldMature);
        YieldTau = V1("yield.timeConstantYears", route.YieldTimeConstantYears);
        RampTau = V1("rampTimeConstantYears", route.RampTimeConstantYears);
        Materials = route.Materials.Select(m =>
        {
            string pre = "materials." + m.Id + ".";
            return new MaterialPlan(m.IsFlat, V1(pre + "kgPerKWh", m.KgPerKWh), V1(pre + "usdPerKg", m.UsdPerKg),
                V1(pre + "usdPerKWh", m.UsdPerKWh), V1(pre + "lithiumShare", m.LithiumShare), V1(pre + "floorUsdPerKg", m.FloorUsdPerKg),
                m.LearningRate is null ? -1 : model.IndexOf(m.LearningRate.Path));
        }).ToArray();
        var materialIds = route.Materials.Select(m => m.Id).ToList();

        // Entries: the potential chain, then other.
        var chain = layout.PlantChains[index];
        string entity = "plant:" + p.Id;
        var routeSteps = layout.RouteSteps[Route].Append(ProcessLayout.Other).ToList();
        var entries = new List<EntryPlan>();
        foreach (var e in chain)
        {
            layout.TryFindRow(entity, e.Id, out int row);
            var plan = new EntryPlan { Step = e.Id, InBase = e.InBase, StepRow = row, RouteStepIndex = routeSteps.IndexOf(e.Id) };
            CompileStep(model, plan, e, p, route, materialIds);
            entries.Add(plan);
        }
        layout.TryFindRow(entity, ProcessLayout.Other, out int otherRow);
        entries.Add(new EntryPlan { Step = ProcessLayout.Other, IsOther = true, InBase = true, StepRow = chain.Count == 0 ? -1 : otherRow,
            RouteStepIndex = routeSteps.Count == 1 ? -1 : routeSteps.Count - 1, LearningRate = ProcessRate });
        Entries = entries.ToArray();
        if (Entries.Length > 63) throw new NotSupportedException($"plant '{p.Id}' has more than 62 steps in its potential chain");
        for (int i = 0; i < Entries.Length; i++) if (Entries[i].InBase) BaseEntries |= 1UL << i;

        RestShares = new[] { "energyShare", "laborShare", "capexShare", "atmosphereShare" }.Select(share =>
            chain.Where(e => e.InBase && e.Step.Field(share) is not null)
                .Select(e => _keyIndex[StepKey(e.Id, share)]).ToArray()).ToArray();

        // Options in scope, file order; their value effects land on the keys in application order.
        var scoped = new List<ScopedOption>();
        for (int o = 0; o < s.Options.Count; o++)
        {
            var option = s.Options[o];
            if (!option.InScope(p)) continue;
            int bit = scoped.Count;
            if (bit >= 64) throw new NotSupportedException($"plant '{p.Id}' is in scope of more than 64 options");
            var structure = new List<(OptionEffect, int, int)>();
            foreach (var effect in option.Effects)
                switch (effect)
                {
                    case ValueEffect v:
                        Keys[TargetKey(v.Target)].Effects.Add((bit, v.Operation, model.IndexOf(v.Value.Path)));
                        break;
                    case AddStepEffect a: structure.Add((a, EntryIndex(a.Step.Id), -1)); break;
                    case RemoveStepEffect r: structure.Add((r, EntryIndex(r.StepId), -1)); break;
                    case ReplaceStepEffect r: structure.Add((r, EntryIndex(r.Step.Id), EntryIndex(r.Replaced))); break;
                }
            scoped.Add(new ScopedOption(o, bit, option.Adoption, optionReadiness[o], structure.ToArray()));
        }
        Options = scoped.ToArray();

        // A loss an effect names on a step that wrote none starts from its default 0 (§10.10): give the entry that line.
        foreach (var plan in Entries.Where(x => !x.IsOther))
            plan.Losses = materialIds.Select((m, i) => (m, i))
                .Where(x => _keyIndex.ContainsKey(StepKey(plan.Step, $"losses.{x.m}.extra")) || _keyIndex.ContainsKey(StepKey(plan.Step, $"losses.{x.m}.lithiumExcess")))
                .Select(x => new LossPlan(x.i, TargetKey(StepKey(plan.Step, $"losses.{x.m}.extra")), TargetKey(StepKey(plan.Step, $"losses.{x.m}.lithiumExcess"))))
                .ToArray();
    }

    private int EntryIndex(string step) => Array.FindIndex(Entries, e => e.Step == step);

    private static string StepKey(string step, string field) => "process.steps." + step + "." + field;

    /// <summary>The key of a target path; a defaulted field gets its key (with the default as constant) on first use.</summary>
    private int TargetKey(string target)
    {
        if (_keyIndex.TryGetValue(target, out int k)) return k;
        string field = target.Split('.', 4) is { Length: 4 } s ? s[3] : target;
        double constant = ProcessRules.Defaults.GetValueOrDefault(field);
        return Key(target, -1, constant);
    }

    private int Key(string relative, int baseColumn, double constant)
    {
        if (_keyIndex.TryGetValue(relative, out int k)) return k;
        Keys.Add(new KeyPlan(relative, baseColumn, constant));
        return _keyIndex[relative] = Keys.Count - 1;
    }

    private void CompileStep(CompiledModel model, EntryPlan plan, ChainEntry e, Plant p, Route route, List<string> materialIds)
    {
        var step = e.Step;
        // A route-chain step reads the plant's override of it (rule 5); a plant's own or an added step reads its own draw.
        bool routeStep = e.InBase && p.Process is null;
        int Field(string field)
        {
            string relative = StepKey(step.Id, field);
            if (routeStep && p.Overrides.TryGetValue(relative, out var o)) return Key(relative, model.IndexOf(o.Path), 0);
            var param = step.Field(field);
            return Key(relative, param is null ? -1 : model.IndexOf(param.Path), ProcessRules.Defaults.GetValueOrDefault(field));
        }
        (Form, int) Quantity(string share, string absolute)
        {
            if (step.Field(share) is not null) return (Form.Share, Field(share));
            return (step.Field(absolute) is not null ? Form.Absolute : Form.None, Field(absolute));
        }
        if (step.Field("thermal.temperatureC") is not null)
        {
            plan.Energy = Form.Thermal;
            plan.ThermalCharge = Field("thermal.chargeKgPerKWh");
            plan.ThermalTemperature = Field("thermal.temperatureC");
            plan.ThermalHold = Field("thermal.holdHours");
            plan.ThermalHeat = Field("thermal.specificHeatKJPerKgK");
            plan.ThermalEfficiency = Field("thermal.efficiency");
            plan.ThermalHoldPower = Field("thermal.holdKWPerKg");
        }
        else (plan.Energy, plan.EnergyKey) = Quantity("energyShare", "energyKWhPerKWh");
        (plan.Labor, plan.LaborKey) = Quantity("laborShare", "laborHoursPerKWh");
        (plan.Capex, plan.CapexKey) = Quantity("capexShare", "capexUsdPerKWhYear");
        if (plan.Capex != Form.Share) plan.CapexFloorKey = Field("capexFloorUsdPerKWhYear");
        (plan.Atmosphere, plan.AtmosphereKey) = Quantity("atmosphereShare", "atmosphereUsdPerKWhYear");
        plan.Consumables = Field("consumablesUsdPerKWh");
        plan.ConsumablesLithium = Field("consumablesLithiumShare");
        plan.YieldInitial = Field("yield.initial");
        plan.YieldMature = Field("yield.mature");
        plan.YieldTau = Field("yield.timeConstantYears");
        plan.Inputs = step.Inputs.Select(m => materialIds.IndexOf(m)).ToArray();
        foreach (var m in step.LossMaterials) { Field($"losses.{m}.extra"); Field($"losses.{m}.lithiumExcess"); }
        // Learning (§2.1, rule 5): the step's own rate; a plant's own step learns at the route chain's rate for the same id.
        var rate = step.Field("learningRate")
            ?? (p.Process is not null && e.InBase ? route.Process?.Steps.FirstOrDefault(x => x.Id == step.Id)?.Field("learningRate") : null);
        plan.LearningRate = rate is null ? ProcessRate : model.IndexOf(rate.Path);
        if (e.InBase && step.Field("readyYear") is { } ready) plan.Readiness = model.IndexOf(ready.Path);
    }
}
