using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>
/// The dynamics of model-spec-v2 §4 (with v1 §4) over a chunk of trials, for v2 scenarios: readiness and realised
/// SOP, option adoption, the potential chain's presence and survival, the cost of every entry and the waterfall.
/// Loops run over trials inside each (year, plant), like the v1 kernel, but scalar and with Math.Exp/Math.Log, so a
/// trial's values never depend on its position in the chunk. Years run in order (learning couples them).
/// </summary>
public sealed class ProcessKernel : IChunkKernel
{
    private readonly CompiledModel _m;
    private readonly ProcessPlan _plan;
    private readonly int _cap, _years;
    private readonly PlantState[] _plants;
    private readonly double[][] _q, _logRatio;            // per route [trial]
    private readonly double[][] _groups;                   // per group entity: fields × cap (world, routes, regions)
    private readonly double[][][] _routeSteps;             // per route, per route step: cost metrics × cap (Σ G·c)
    private readonly double[][] _optionCapacity, _optionOutput, _groupCumulative;
    private readonly double[] _column, _crfScratch;
    private readonly Dictionary<int, double[]> _learningExponent = new();   // input column of a rate → b per trial
    // Learning factors of the year, one column per (route, rate): computed once a year, read by every entry and line.
    private readonly (int Route, int Rate)[] _learningSlots;
    private readonly double[][] _learning;
    private readonly int[][] _entrySlot, _materialSlot;                       // per plant: entry / material → slot (−1: none)
    private readonly double[][] _plantColumns;             // metric → [trial]
    private readonly double[][][] _stepColumns;            // plant → entry → (metric × cap)
    private const int K = 0, X = 1, G = 2, Weighted = 3, GroupFields = Weighted + Metrics.CostComponentCount;

    public ProcessKernel(CompiledModel model, int capacity)
    {
        _m = model;
        _plan = model.Process ?? throw new ArgumentException("not a v2 scenario");
        _cap = capacity;
        _years = model.YearCount;
        int routes = model.Scenario.Routes.Count;
        _plants = _plan.Plants.Select(p => new PlantState(p, capacity)).ToArray();
        _q = Columns(routes);
        _logRatio = Columns(routes);
        _groups = Enumerable.Range(0, model.Entities.PlantBase).Select(_ => new double[GroupFields * capacity]).ToArray();
        _routeSteps = _plan.RouteStepRows.Select(rows => rows.Select(_ => new double[StepMetrics.CostCount * capacity]).ToArray()).ToArray();
        _optionCapacity = Columns(model.Scenario.Options.Count);
        _optionOutput = Columns(model.Scenario.Options.Count);
        _groupCumulative = Columns(model.Entities.PlantBase);
        _column = new double[capacity];
        _crfScratch = new double[capacity];
        _plantColumns = Columns(Metrics.Count);
        _stepColumns = _plan.Plants.Select(p => p.Entries.Select(_ => new double[StepMetrics.Count * capacity]).ToArray()).ToArray();
        var slots = new Dictionary<(int, int), int>();
        int Slot(int route, int rate) => rate < 0 ? -1 : slots.TryGetValue((route, rate), out int i) ? i : slots[(route, rate)] = slots.Count;
        _entrySlot = _plan.Plants.Select(p => p.Entries.Select(e => Slot(p.Route, e.LearningRate)).ToArray()).ToArray();
        _materialSlot = _plan.Plants.Select(p => p.Materials.Select(m => Slot(p.Route, m.LearningRate)).ToArray()).ToArray();
        _learningSlots = slots.OrderBy(x => x.Value).Select(x => x.Key).ToArray();
        _learning = Columns(_learningSlots.Length);
    }

    private double[][] Columns(int n) => Enumerable.Range(0, n).Select(_ => new double[_cap]).ToArray();

    public void Run(TrialInputs inputs, long firstTrial, IChunkSink sink)
    {
        int n = inputs.Count;
        if (n > _cap) throw new ArgumentException($"a chunk of {n} trials does not fit a kernel of {_cap}", nameof(inputs));
        var v = inputs.Values;
        sink.BeginChunk(firstTrial, n);
        Prepare(v, n, sink);
        var entities = _m.Entities;
        var scenario = _m.Scenario;
        for (int y = 0; y < _years; y++)
        {
            int t = _m.StartYear + y;
            for (int r = 0; r < _q.Length; r++)
                for (int k = 0; k < n; k++) _logRatio[r][k] = Math.Log(_q[r][k] / scenario.Routes[r].CumulativeGWh0);
            // L(t) = (Q/Q0)^(−b) = exp(−b·ln(Q/Q0)); 1 in the first year, as in v1.
            for (int i = 0; i < _learningSlots.Length; i++)
            {
                var (route, rate) = _learningSlots[i];
                double[] l = _learning[i], b = _learningExponent[rate], ratio = _logRatio[route];
                if (y == 0) Array.Fill(l, 1.0, 0, n);
                else for (int k = 0; k < n; k++) l[k] = Math.Exp(-b[k] * ratio[k]);
            }
            foreach (var g in _groups) Array.Clear(g, 0, GroupFields * _cap);
            foreach (var route in _routeSteps) foreach (var s in route) Array.Clear(s);
            foreach (var c in _optionCapacity) Array.Clear(c, 0, n);
            foreach (var c in _optionOutput) Array.Clear(c, 0, n);
            for (int p = 0; p < _plants.Length; p++)
            {
                PlantYear(_plants[p], p, v, t, y, n);
                var plan = _plants[p].Plan;
                for (int m = 0; m < Metrics.Count; m++) sink.Accept(plan.PlantEntity, (Metric)m, y, _plantColumns[m].AsSpan(0, n));
                var steps = _stepColumns[p];
                for (int e = 0; e < plan.Entries.Length; e++)
                {
                    var entry = plan.Entries[e];
                    if (entry.StepRow < 0) continue;
                    for (int m = 0; m < StepMetrics.Count; m++)
                        if (m < StepMetrics.CostCount || !entry.IsOther)
                            sink.AcceptStep(entry.StepRow, (StepMetric)m, y, steps[e].AsSpan(m * _cap, n));
                }
            }
            for (int g = 0; g < _groups.Length; g++) Group(g, y, n, sink);
            RouteSteps(y, n, sink);
            for (int o = 0; o < _optionCapacity.Length; o++)
            {
                sink.Accept(entities.OptionBase + o, Metric.AdoptedCapacityGWh, y, _optionCapacity[o].AsSpan(0, n));
                sink.Accept(entities.OptionBase + o, Metric.AdoptedOutputGWh, y, _optionOutput[o].AsSpan(0, n));
            }
            for (int r = 0; r < _q.Length; r++)
            {
                var output = _groups[entities.RouteBase + r].AsSpan(G * _cap, n);
                for (int k = 0; k < n; k++) _q[r][k] += output[k];
            }
            Benchmark(y, v, n, sink);
        }
        sink.EndChunk();
    }

    /// <summary>Per chunk: learning exponents, route cumulative outputs, each plant's realised SOP, adoption and presence.</summary>
    private void Prepare(double[][] v, int n, IChunkSink sink)
    {
        foreach (int column in _plants.SelectMany(p => p.Plan.Entries.Select(e => e.LearningRate)
                     .Concat(p.Plan.Materials.Select(m => m.LearningRate))).Where(c => c >= 0).Distinct())
        {
            if (!_learningExponent.TryGetValue(column, out var b)) _learningExponent[column] = b = new double[_cap];
            for (int k = 0; k < n; k++) b[k] = -Math.Log2(1 - v[column][k]);
        }
        for (int r = 0; r < _q.Length; r++) Array.Fill(_q[r], _m.Scenario.Routes[r].CumulativeGWh0, 0, n);
        foreach (var c in _groupCumulative) Array.Clear(c, 0, n);
        foreach (var p in _plants) p.Prepare(v, _m.Regions[p.Plan.Region], n);

        var slots = _plan.ReadinessSlots;
        for (int i = 0; i < slots.Count; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double latest = double.NegativeInfinity;
                foreach (int c in slots[i].Columns) latest = Math.Max(latest, PlantState.Round(v[c][k]));
                _column[k] = latest;
            }
            sink.AcceptReadiness(i, _column.AsSpan(0, n));
        }
    }


    private void PlantYear(PlantState s, int index, double[][] v, int t, int y, int n)
    {
        var plan = s.Plan;
        var region = _m.Regions[plan.Region];
        var entities = _m.Entities;
        double[] world = _groups[0], route = _groups[entities.RouteBase + plan.Route], regionSums = _groups[entities.RegionBase + plan.Region];
        double[][] routeSteps = _routeSteps[plan.Route];
        double[] lambda = v[_m.Lambda], electricity = v[region.Electricity], wage = v[region.Labor], mult = v[region.CapexMultiplier],
            wacc = v[region.Wacc], dep = v[region.DepreciationYears], opex = v[region.FixedOpexRate], uMax = v[region.UtilizationMax],
            subsidy = v[region.Subsidy];
        var entries = plan.Entries;
        int count = entries.Length, other = count - 1;
        var c = _plantColumns;
        var steps = _stepColumns[index];
        int[] entrySlot = _entrySlot[index], materialSlot = _materialSlot[index];
        Span<double> survival = stackalloc double[count];
        Span<double> materialsAt = stackalloc double[count];
        Span<int> entryOf = stackalloc int[plan.Materials.Length];

        for (int k = 0; k < n; k++)
        {
            double sop = s.Sop[k], age = t - sop;
            double nameplate = 0;
            for (int i = 0; i < plan.CapacityYears.Length; i++)
                if (plan.CapacityYears[i] + s.Delay[k] <= t) nameplate = v[plan.CapacityGwh[i]][k];
            bool active = age >= 0 && nameplate > 0;
            ulong adopted = s.Adopted(v, k, t);
            if (adopted != s.Mask[k]) s.Recompute(v, k, adopted);
            var e = s.Effective;

            if (t == Math.Max(sop, _m.StartYear))
            {
                // Capex vintage (§4.4): each entry's C_k at the learning level of the realised SOP year, fixed for life.
                for (int i = 0; i < count; i++)
                {
                    var entry = entries[i];
                    double cx, cf;
                    if (entry.IsOther) { double rc = s.Rest[2][k]; cx = rc * e[plan.Capex][k]; cf = rc * e[plan.CapexFloor][k]; }
                    else if (entry.Capex == Form.Share) { double sh = e[entry.CapexKey][k]; cx = sh * e[plan.Capex][k]; cf = sh * e[plan.CapexFloor][k]; }
                    else { cx = e[entry.CapexKey][k]; cf = e[entry.CapexFloorKey][k]; }
                    s.Vintage[i][k] = mult[k] * (cf + (cx - cf) * _learning[entrySlot[i]][k]);
                }
            }

            if (!active)
            {
                c[(int)Metric.CapacityGWh][k] = 0;
                c[(int)Metric.OutputGWh][k] = 0;
                c[(int)Metric.CumulativeOutputGWh][k] = s.Cumulative[k];
                for (int m = (int)Metric.Utilization; m < Metrics.Count; m++) c[m][k] = double.NaN;
                foreach (var col in steps) for (int m = 0; m < StepMetrics.Count; m++) col[m * _cap + k] = double.NaN;
                continue;
            }

            double rampTau = e[plan.RampTau][k], yieldTau = e[plan.YieldTau][k];
            double u = uMax[k] * (1 - (rampTau == 0 ? 0 : Math.Exp(-(age + 1) / rampTau)));
            double yM = e[plan.YieldMature][k];
            double cell = yM - (yM - e[plan.YieldInitial][k]) * (yieldTau == 0 ? 0 : Math.Exp(-age / yieldTau));
            ulong present = s.Present[k];
            double surviving = cell;
            survival[other] = 0; // set below, once the total yield is known
            for (int i = other - 1; i >= 0; i--)
            {
                var entry = entries[i];
                double stepYield = 1;
                if ((present >> i & 1) != 0)
                {
                    double tau = e[entry.YieldTau][k], m = e[entry.YieldMature][k];
                    stepYield = m - (m - e[entry.YieldInitial][k]) * (tau == 0 ? 0 : Math.Exp(-age / tau));
                    steps[i][(int)StepMetric.StepYield * _cap + k] = stepYield;
                }
                else steps[i][(int)StepMetric.StepYield * _cap + k] = double.NaN;
                surviving *= stepYield;
                survival[i] = surviving;
            }
            double total = other == 0 ? cell : survival[0];
            survival[other] = total;
            double processed = nameplate * u, output = processed * total;
            double cumulative = s.Cumulative[k] += output;
            c[(int)Metric.CapacityGWh][k] = nameplate;
            c[(int)Metric.OutputGWh][k] = output;
            c[(int)Metric.CumulativeOutputGWh][k] = cumulative;
            c[(int)Metric.Utilization][k] = u;
            Add(world, route, regionSums, K, nameplate, k);
            Add(world, route, regionSums, X, processed, k);
            Add(world, route, regionSums, G, output, k);
            for (int o = 0; o < plan.Options.Length; o++)
                if ((adopted >> plan.Options[o].Bit & 1) != 0)
                {
                    _optionCapacity[plan.Options[o].Option][k] += nameplate;
                    _optionOutput[plan.Options[o].Option][k] += output;
                }

            if (!(output > 0))
            {
                for (int m = (int)Metric.Yield; m < Metrics.Count; m++) c[m][k] = double.NaN;
                foreach (var col in steps) for (int m = 0; m < StepMetrics.Count; m++) col[m * _cap + k] = double.NaN;
                continue;
            }

            // Materials (§4.4): each enters at the first present entry that lists it, else at other.
            double lam = lambda[k];
            for (int i = 0; i < count; i++) materialsAt[i] = 0;
            for (int m = 0; m < plan.Materials.Length; m++) entryOf[m] = other;
            for (int i = 0; i < other; i++)
                if ((present >> i & 1) != 0)
                    foreach (int m in entries[i].Inputs)
                        if (entryOf[m] == other) entryOf[m] = i;
            for (int m = 0; m < plan.Materials.Length; m++)
            {
                var mat = plan.Materials[m];
                double share = e[mat.LithiumShare][k], factor = 1 - share + share * lam;
                materialsAt[entryOf[m]] += mat.IsFlat ? e[mat.UsdPerKWh][k] * factor : e[mat.Kg][k] * (Base(s, mat, materialSlot[m], k) * factor);
            }
            double usedGood = u * total;
            double materials = 0, energy = 0, labor = 0, capital = 0, fixedCost = 0;
            for (int i = 0; i < count; i++)
            {
                var entry = entries[i];
                var col = steps[i];
                if ((present >> i & 1) == 0)
                {
                    for (int m = 0; m < StepMetrics.CostCount; m++) col[m * _cap + k] = 0;
                    continue;
                }
                double enter = survival[i];
                double stepMaterials = materialsAt[i];
                foreach (var loss in entry.Losses)
                {
                    var mat = plan.Materials[loss.Material];
                    double share = e[mat.LithiumShare][k], factor = 1 - share + share * lam;
                    double q = mat.IsFlat ? 1 : e[mat.Kg][k], beta = mat.IsFlat ? e[mat.UsdPerKWh][k] : Base(s, mat, materialSlot[loss.Material], k);
                    stepMaterials += q * (beta * (e[loss.Extra][k] * factor + e[loss.LithiumExcess][k] * share * lam));
                }
                if (!entry.IsOther)
                {
                    double kappaShare = e[entry.ConsumablesLithium][k];
                    stepMaterials += e[entry.Consumables][k] * (1 - kappaShare + kappaShare * lam);
                }
                stepMaterials /= enter;
                double energyIn = EnergyOf(entry, plan, s, e, k), hours = LaborOf(entry, plan, s, e, k), dry = AtmosphereOf(entry, plan, s, e, k);
                double stepEnergy = energyIn * electricity[k] / enter;
                double stepLabor = hours * _learning[entrySlot[i]][k] * wage[k] / enter;
                double vintage = s.Vintage[i][k];
                double stepCapital = age < dep[k] ? vintage * s.Crf[k] / usedGood : 0;
                double stepFixed = (opex[k] * vintage + dry) / usedGood;
                double stepCost = stepMaterials + stepEnergy + stepLabor + stepCapital + stepFixed;
                col[(int)StepMetric.StepCostUsdPerKWh * _cap + k] = stepCost;
                col[(int)StepMetric.StepMaterialsUsdPerKWh * _cap + k] = stepMaterials;
                col[(int)StepMetric.StepEnergyUsdPerKWh * _cap + k] = stepEnergy;
                col[(int)StepMetric.StepLaborUsdPerKWh * _cap + k] = stepLabor;
                col[(int)StepMetric.StepCapitalUsdPerKWh * _cap + k] = stepCapital;
                col[(int)StepMetric.StepFixedUsdPerKWh * _cap + k] = stepFixed;
                materials += stepMaterials; energy += stepEnergy; labor += stepLabor; capital += stepCapital; fixedCost += stepFixed;
                if (entry.RouteStepIndex >= 0)
                {
                    var sums = routeSteps[entry.RouteStepIndex];
                    for (int m = 0; m < StepMetrics.CostCount; m++) sums[m * _cap + k] += output * col[m * _cap + k];
                }
            }
            double cost = materials + energy + labor + capital + fixedCost - subsidy[k];
            c[(int)Metric.Yield][k] = total;
            c[(int)Metric.CostUsdPerKWh][k] = cost;
            c[(int)Metric.MaterialsUsdPerKWh][k] = materials;
            c[(int)Metric.EnergyUsdPerKWh][k] = energy;
            c[(int)Metric.LaborUsdPerKWh][k] = labor;
            c[(int)Metric.CapitalUsdPerKWh][k] = capital;
            c[(int)Metric.FixedUsdPerKWh][k] = fixedCost;
            c[(int)Metric.SubsidyUsdPerKWh][k] = subsidy[k];
            for (int m = 0; m < Metrics.CostComponentCount; m++)
                Add(world, route, regionSums, Weighted + m, output * c[(int)Metric.CostUsdPerKWh + m][k], k);
        }
    }

    /// <summary>β_m(t): the learning-adjusted base price of a kg line (v1 §4), floor + (price − floor)·factor.</summary>
    private double Base(PlantState s, MaterialPlan mat, int slot, int k)
    {
        var e = s.Effective;
        if (slot < 0) return e[mat.UsdPerKg][k];
        double floor = e[mat.Floor][k];
        return floor + (e[mat.UsdPerKg][k] - floor) * _learning[slot][k];
    }

    private static double EnergyOf(EntryPlan entry, PlantPlan plan, PlantState s, double[][] e, int k) => entry switch
    {
        { IsOther: true } => s.Rest[0][k] * e[plan.ProcessEnergy][k],
        { Energy: Form.Share } => e[entry.EnergyKey][k] * e[plan.ProcessEnergy][k],
        { Energy: Form.Thermal } => e[entry.ThermalCharge][k] * (e[entry.ThermalHeat][k] * (e[entry.ThermalTemperature][k] - 25)
            / (3600 * e[entry.ThermalEfficiency][k]) + e[entry.ThermalHoldPower][k] * e[entry.ThermalHold][k]),
        _ => e[entry.EnergyKey][k],
    };

    private static double LaborOf(EntryPlan entry, PlantPlan plan, PlantState s, double[][] e, int k) => entry switch
    {
        { IsOther: true } => s.Rest[1][k] * e[plan.LaborHours][k],
        { Labor: Form.Share } => e[entry.LaborKey][k] * e[plan.LaborHours][k],
        _ => e[entry.LaborKey][k],
    };

    private static double AtmosphereOf(EntryPlan entry, PlantPlan plan, PlantState s, double[][] e, int k) => entry switch
    {
        { IsOther: true } => s.Rest[3][k] * e[plan.DryRoom][k],
        { Atmosphere: Form.Share } => e[entry.AtmosphereKey][k] * e[plan.DryRoom][k],
        _ => e[entry.AtmosphereKey][k],
    };

    private void Add(double[] a, double[] b, double[] c, int field, double value, int k)
    {
        int at = field * _cap + k;
        a[at] += value; b[at] += value; c[at] += value;
    }

    /// <summary>A group's metrics from its sums (v1): G-weighted cost means, yield G/X, utilisation X/K.</summary>
    private void Group(int g, int y, int n, IChunkSink sink)
    {
        var s = _groups[g];
        var cumulative = _groupCumulative[g];
        for (int k = 0; k < n; k++) cumulative[k] += s[G * _cap + k];
        var c = _plantColumns;
        for (int k = 0; k < n; k++)
        {
            double nameplate = s[K * _cap + k], processed = s[X * _cap + k], output = s[G * _cap + k];
            c[(int)Metric.Utilization][k] = nameplate > 0 ? processed / nameplate : double.NaN;
            c[(int)Metric.Yield][k] = output > 0 ? output / processed : double.NaN;
            for (int m = 0; m < Metrics.CostComponentCount; m++)
                c[(int)Metric.CostUsdPerKWh + m][k] = output > 0 ? s[(Weighted + m) * _cap + k] / output : double.NaN;
        }
        sink.Accept(g, Metric.CapacityGWh, y, s.AsSpan(K * _cap, n));
        sink.Accept(g, Metric.OutputGWh, y, s.AsSpan(G * _cap, n));
        sink.Accept(g, Metric.CumulativeOutputGWh, y, cumulative.AsSpan(0, n));
        for (var m = Metric.Utilization; m < (Metric)Metrics.Count; m++) sink.Accept(g, m, y, c[(int)m].AsSpan(0, n));
    }

    /// <summary>A route's waterfall (§5): Σ G_p·c_{p,k} / Σ G_p over its plants, a plant without the step counting 0.</summary>
    private void RouteSteps(int y, int n, IChunkSink sink)
    {
        for (int r = 0; r < _routeSteps.Length; r++)
        {
            var output = _groups[_m.Entities.RouteBase + r];
            var rows = _plan.RouteStepRows[r];
            for (int i = 0; i < rows.Length; i++)
                for (int m = 0; m < StepMetrics.CostCount; m++)
                {
                    var sums = _routeSteps[r][i];
                    for (int k = 0; k < n; k++)
                    {
                        double g = output[G * _cap + k];
                        _column[k] = g > 0 ? sums[m * _cap + k] / g : double.NaN;
                    }
                    sink.AcceptStep(rows[i], (StepMetric)m, y, _column.AsSpan(0, n));
                }
        }
    }

    private void Benchmark(int y, double[][] v, int n, IChunkSink sink)
    {
        double[] start = v[_m.BenchmarkStart], change = v[_m.BenchmarkChange];
        for (int k = 0; k < n; k++) _column[k] = start[k] * Math.Pow(1 + change[k], y);
        sink.Accept(_m.Entities.BenchmarkIndex, Metric.CostUsdPerKWh, y, _column.AsSpan(0, n));
    }
}
