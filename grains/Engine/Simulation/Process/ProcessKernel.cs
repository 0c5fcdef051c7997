using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>
/// The dynamics of model-spec-v2 §4 (with v1 §4) over a chunk of trials, for v2 scenarios: readiness and realised
/// SOP, option adoption, the potential chain's presence and survival, the cost of every entry and the waterfall.
/// Loops run over trials inside each (year, plant), like the v1 kernel: a scalar trial pass (with Math.Exp, lane by
/// lane) and a vectorised cost pass that performs each lane's formulas in their order, so a trial's values never depend
/// on its position in the chunk. Years run in order (learning couples them).
/// </summary>
public sealed class ProcessKernel : IChunkKernel
{
    private readonly CompiledModel _m;
    private readonly ProcessPlan _plan;
    private readonly int _capacity, _cap, _years;
    private readonly PlantState[] _plants;
    private readonly double[][] _q, _logRatio;            // per route [trial]
    private readonly double[][] _groups;                   // per group entity: fields × cap (world, routes, regions)
    private readonly double[][][] _routeSteps;             // per route, per route step: cost metrics × cap (Σ G·c)
    private readonly double[][] _optionCapacity, _optionOutput, _groupCumulative;
    private readonly double[] _column, _used, _total, _output, _age;
    // The trial pass's per-trial results for the survival and output passes of the same plant-year.
    private readonly double[] _cell, _utilization, _nameplate;
    private readonly bool[] _active;
    private readonly bool[][] _unitYield;                  // per plant, per entry: both step yields are 1 in every trial
    private readonly double[][] _lines, _components;   // per material: its line this year; the plant's 5 components
    private readonly Dictionary<int, double[]> _learningExponent;           // input column of a rate → b per trial
    // Learning factors of the year, one column per (route, rate): computed once a year, read by every entry and line.
    private readonly (int Route, int Rate)[] _learningSlots;
    private readonly double[][] _learning;
    private readonly int[][] _entrySlot, _materialSlot;                       // per plant: entry / material → slot (−1: none)
    private readonly double[][] _plantColumns;             // metric → [trial]
    // One plant's scratch for its year, shared by the plants (each hands its step columns to the sink before the next):
    // per entry, the step metrics (metric × cap), survival S_k and own yield ŷ_k.
    private readonly double[][] _stepColumns, _survival, _ownYield;
    private const int K = 0, X = 1, G = 2, Weighted = 3, GroupFields = Weighted + Metrics.CostComponentCount;

    public ProcessKernel(CompiledModel model, int capacity)
    {
        _m = model;
        _plan = model.Process ?? throw new ArgumentException("not a v2 scenario");
        _capacity = capacity;
        _cap = ColumnMath.PaddedLength(capacity); // every column's stride: the cost pass runs over whole vectors
        _years = model.YearCount;
        int routes = model.Scenario.Routes.Count;
        var constants = new ConstantColumns(ColumnMath.PaddedLength(capacity));
        _plants = _plan.Plants.Select(p => new PlantState(p, ColumnMath.PaddedLength(capacity), constants) { Lambda = model.Lambda }).ToArray();
        _q = Columns(routes);
        _logRatio = Columns(routes);
        _groups = Enumerable.Range(0, model.Entities.PlantBase).Select(_ => new double[GroupFields * _cap]).ToArray();
        _routeSteps = _plan.RouteStepRows.Select(rows => rows.Select(_ => new double[StepMetrics.CostCount * _cap]).ToArray()).ToArray();
        _optionCapacity = Columns(model.Scenario.Options.Count);
        _optionOutput = Columns(model.Scenario.Options.Count);
        _groupCumulative = Columns(model.Entities.PlantBase);
        _column = new double[_cap];
        _used = new double[_cap]; _total = new double[_cap]; _output = new double[_cap]; _age = new double[_cap];
        _cell = new double[_cap]; _utilization = new double[_cap]; _nameplate = new double[_cap];
        _active = new bool[_cap];
        _unitYield = _plan.Plants.Select(p => p.Entries.Select(e => !e.IsOther && IsOne(model, p, e.YieldMature) && IsOne(model, p, e.YieldInitial)).ToArray()).ToArray();
        _lines = Columns(_plan.Plants.Select(p => p.Materials.Length).DefaultIfEmpty(0).Max());
        _components = Columns(5);
        _plantColumns = Columns(Metrics.Count);
        int entries = _plan.Plants.Select(p => p.Entries.Length).DefaultIfEmpty(0).Max();
        _stepColumns = Enumerable.Range(0, entries).Select(_ => new double[StepMetrics.Count * _cap]).ToArray();
        _survival = Columns(entries);
        _ownYield = Columns(entries);
        var slots = new Dictionary<(int, int), int>();
        int Slot(int route, int rate) => rate < 0 ? -1 : slots.TryGetValue((route, rate), out int i) ? i : slots[(route, rate)] = slots.Count;
        _entrySlot = _plan.Plants.Select(p => p.Entries.Select(e => Slot(p.Route, e.LearningRate)).ToArray()).ToArray();
        _materialSlot = _plan.Plants.Select(p => p.Materials.Select(m => Slot(p.Route, m.LearningRate)).ToArray()).ToArray();
        _learningSlots = slots.OrderBy(x => x.Value).Select(x => x.Key).ToArray();
        _learningExponent = _learningSlots.Select(x => x.Rate).Distinct().ToDictionary(rate => rate, _ => new double[_cap]);
        _learning = Columns(_learningSlots.Length);
    }

    /// <summary>Whether a key is 1 in every trial and year: a constant or fixed input of 1 that no option's effect touches.</summary>
    private static bool IsOne(CompiledModel model, PlantPlan plant, int key)
    {
        var plan = plant.Keys[key];
        if (plan.Effects.Count > 0) return false;
        if (plan.BaseColumn < 0) return plan.Constant == 1;
        var parameter = model.Parameters[plan.BaseColumn];
        return parameter.IsFixed && parameter.Distribution.Quantile(0.5) == 1;
    }

    private double[][] Columns(int n) => Enumerable.Range(0, n).Select(_ => new double[_cap]).ToArray();

    public void Run(TrialInputs inputs, long firstTrial, IChunkSink sink)
    {
        int n = inputs.Count;
        if (n > _capacity) throw new ArgumentException($"a chunk of {n} trials does not fit a kernel of {_capacity}", nameof(inputs));
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
                PlantYear(_plants[p], p, v, t, y, n, sink);
                var plan = _plants[p].Plan;
                for (int m = 0; m < Metrics.Count; m++) sink.Accept(plan.PlantEntity, (Metric)m, y, _plantColumns[m].AsSpan(0, n));
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
        foreach (var (column, b) in _learningExponent)
            for (int k = 0; k < n; k++) b[k] = -Math.Log2(1 - v[column][k]);
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


    private void PlantYear(PlantState s, int index, double[][] v, int t, int y, int n, IChunkSink sink)
    {
        var plan = s.Plan;
        var region = _m.Regions[plan.Region];
        var entities = _m.Entities;
        double[] world = _groups[0], route = _groups[entities.RouteBase + plan.Route], regionSums = _groups[entities.RegionBase + plan.Region];
        double[] mult = v[region.CapexMultiplier], uMax = v[region.UtilizationMax];
        var entries = plan.Entries;
        int count = entries.Length, other = count - 1;
        var c = _plantColumns;
        var steps = _stepColumns;
        int[] entrySlot = _entrySlot[index];
        double[][] survival = _survival, ownYield = _ownYield;
        int width = ColumnMath.PaddedLength(n);
        Array.Clear(_output, n, width - n); // padded lanes never produce
        bool anyProduced = false;

        for (int k = 0; k < n; k++)
        {
            double sop = s.Sop[k], age = t - sop;
            double nameplate = 0;
            for (int i = 0; i < plan.CapacityYears.Length; i++)
                if (plan.CapacityYears[i] + s.Delay[k] <= t) nameplate = v[plan.CapacityGwh[i]][k];
            bool active = age >= 0 && nameplate > 0;
            ulong adopted = s.Adopted(k, t);
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
                _active[k] = false;
                _output[k] = 0;
                c[(int)Metric.CapacityGWh][k] = 0;
                c[(int)Metric.OutputGWh][k] = 0;
                c[(int)Metric.CumulativeOutputGWh][k] = s.Cumulative[k];
                for (int m = (int)Metric.Utilization; m < Metrics.Count; m++) c[m][k] = double.NaN;
                continue;
            }

            double rampTau = e[plan.RampTau][k], yieldTau = e[plan.YieldTau][k];
            double u = uMax[k] * (1 - (rampTau == 0 ? 0 : Math.Exp(-(age + 1) / rampTau)));
            double yM = e[plan.YieldMature][k];
            _cell[k] = yM - (yM - e[plan.YieldInitial][k]) * (yieldTau == 0 ? 0 : Math.Exp(-age / yieldTau));
            _utilization[k] = u;
            _nameplate[k] = nameplate;
            _active[k] = true;
            _age[k] = age;
        }

        // Survival (§4.4): S_{K+1} = y (the cell yield), S_k = S_{k+1}·ŷ_k, from the last step back; ŷ = 1 when absent.
        // Entry by entry over the chunk, the same products in the same order as trial by trial. Kept for the cost pass
        // with each step's own yield; other's survival is the total yield. A step whose yields are 1 by default
        // (most of them) has ŷ = 1 in every trial, so its survival is the next one's.
        var unitYield = _unitYield[index];
        double[] next = _cell;
        for (int i = other - 1; i >= 0; i--)
        {
            double[] own = ownYield[i], surviving = survival[i];
            if (unitYield[i])
            {
                Array.Fill(own, 1.0, 0, n);
                Array.Copy(next, surviving, n);
            }
            else
            {
                var entry = entries[i];
                double[] tau = s.Effective[entry.YieldTau], mature = s.Effective[entry.YieldMature], initial = s.Effective[entry.YieldInitial];
                ulong bit = 1UL << i;
                for (int k = 0; k < n; k++)
                {
                    if (!_active[k]) continue;
                    double stepYield = 1;
                    if ((s.Present[k] & bit) != 0)
                    {
                        double m = mature[k];
                        stepYield = m - (m - initial[k]) * (tau[k] == 0 ? 0 : Math.Exp(-_age[k] / tau[k]));
                    }
                    own[k] = stepYield;
                    surviving[k] = next[k] * stepYield;
                }
            }
            next = surviving;
        }
        if (next != survival[other]) Array.Copy(next, survival[other], n);

        for (int k = 0; k < n; k++)
        {
            if (!_active[k]) continue;
            double nameplate = _nameplate[k], u = _utilization[k], total = next[k];
            double processed = nameplate * u, output = processed * total;
            double cumulative = s.Cumulative[k] += output;
            c[(int)Metric.CapacityGWh][k] = nameplate;
            c[(int)Metric.OutputGWh][k] = output;
            c[(int)Metric.CumulativeOutputGWh][k] = cumulative;
            c[(int)Metric.Utilization][k] = u;
            Add(world, route, regionSums, K, nameplate, k);
            Add(world, route, regionSums, X, processed, k);
            Add(world, route, regionSums, G, output, k);
            ulong adopted = s.Mask[k];
            for (int o = 0; o < plan.Options.Length; o++)
                if ((adopted >> plan.Options[o].Bit & 1) != 0)
                {
                    _optionCapacity[plan.Options[o].Option][k] += nameplate;
                    _optionOutput[plan.Options[o].Option][k] += output;
                }

            anyProduced |= output > 0;
            _used[k] = u * total;
            _total[k] = total;
            _output[k] = output;
        }
        if (anyProduced) CostPass(s, index, v, y, n, sink);
        else
        {
            // Nothing produced in any trial (a plant before its start): every cost and step value is undefined.
            for (int m = (int)Metric.Yield; m < Metrics.Count; m++) Array.Fill(_plantColumns[m], double.NaN, 0, n);
            for (int i = 0; i < count; i++)
            {
                Array.Fill(steps[i], double.NaN);
                HandSteps(entries[i], steps[i], y, n, sink);
            }
        }
    }

    /// <summary>
    /// An entry's step columns to the sink, as soon as the cost pass has written them: they are still in the cache
    /// (a plant's entries' columns together are hundreds of KB), and the next plant reuses the scratch.
    /// </summary>
    private void HandSteps(EntryPlan entry, double[] columns, int y, int n, IChunkSink sink)
    {
        if (entry.StepRow < 0) return;
        for (int m = 0; m < StepMetrics.Count; m++)
            if (m < StepMetrics.CostCount || !entry.IsOther)
                sink.AcceptStep(entry.StepRow, (StepMetric)m, y, columns.AsSpan(m * _cap, n));
    }

    /// <summary>
    /// The cost of every entry (§4.4) for the chunk, four trials per vector: what the trial pass left (survival, u·Y,
    /// output, age) and the per-trial quantities of <see cref="PlantState"/>. Each lane performs the scalar formulas in
    /// their order, so a trial's values do not depend on its lane. Not produced (G ≤ 0): every cost is NaN; produced
    /// but absent: 0. The plant's components, the route's step sums and the groups' G-weighted sums follow.
    /// </summary>
    private void CostPass(PlantState s, int index, double[][] v, int y, int n, IChunkSink sink)
    {
        int width = ColumnMath.PaddedLength(n);
        var plan = s.Plan;
        var region = _m.Regions[plan.Region];
        var entities = _m.Entities;
        double[] world = _groups[0], route = _groups[entities.RouteBase + plan.Route], regionSums = _groups[entities.RegionBase + plan.Region];
        double[][] routeSteps = _routeSteps[plan.Route];
        double[] lambda = v[_m.Lambda], electricity = v[region.Electricity], wage = v[region.Labor], dep = v[region.DepreciationYears],
            opex = v[region.FixedOpexRate], subsidy = v[region.Subsidy];
        var e = s.Effective;
        var entries = plan.Entries;
        var steps = _stepColumns;
        int[] entrySlot = _entrySlot[index], materialSlot = _materialSlot[index];
        var nan = Vector256.Create(double.NaN);
        var zero = Vector256<double>.Zero;
        var one = Vector256.Create(1.0);

        // Each material's line (§4.4): kg·(β·ℓ), or usdPerKWh·ℓ for a flat line, ℓ = 1 − s + s·λ.
        for (int m = 0; m < plan.Materials.Length; m++)
        {
            var mat = plan.Materials[m];
            double[] line = _lines[m], share = e[mat.LithiumShare];
            for (int k = 0; k < width; k += 4)
            {
                var sh = Load(share, k);
                var factor = one - sh + sh * Load(lambda, k);
                Store(mat.IsFlat ? Load(e[mat.UsdPerKWh], k) * factor : Load(e[mat.Kg], k) * (Beta(e, mat, materialSlot[m], k) * factor), line, k);
            }
        }
        foreach (var component in _components) Array.Clear(component, 0, width);

        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var col = steps[i];
            double[] survival = _survival[i], own = _ownYield[i], present = s.PresentFlag[i], vintage = s.Vintage[i],
                energy = s.Energy[i], hours = s.Hours[i], atmosphere = s.Atmosphere[i], consumables = s.Consumables[i],
                learning = _learning[entrySlot[i]];
            double[]? sums = entry.RouteStepIndex >= 0 ? routeSteps[entry.RouteStepIndex] : null;
            var here = Vector256.Create((double)i);
            if (!s.AnyPresent[i])
            {
                // Absent in every trial of the chunk: 0 where produced (NaN elsewhere), no step yield, nothing to add.
                for (int k = 0; k < width; k += 4)
                {
                    var costs = Vector256.ConditionalSelect(Vector256.GreaterThan(Load(_output, k), zero), zero, nan);
                    for (int m = 0; m < StepMetrics.CostCount; m++) Store(costs, col, m * _cap + k);
                    if (!entry.IsOther) Store(nan, col, (int)StepMetric.StepYield * _cap + k);
                }
                HandSteps(entry, col, y, n, sink);
                continue;
            }
            int[] entering = s.EntryMaterials[i];
            int enteringCount = s.EntryMaterialCount[i];
            for (int k = 0; k < width; k += 4)
            {
                var output = Load(_output, k);
                var produced = Vector256.GreaterThan(output, zero);
                var isPresent = ~Vector256.Equals(Load(present, k), zero);
                var enter = Load(survival, k);
                var materials = zero;
                // The materials entering here in some trial of the chunk, in file order; a trial where one enters
                // elsewhere adds 0, as every other material did before.
                for (int j = 0; j < enteringCount; j++)
                {
                    int m = entering[j];
                    materials += Vector256.ConditionalSelect(Vector256.Equals(Load(s.EntryOf[m], k), here), Load(_lines[m], k), zero);
                }
                foreach (var loss in entry.Losses)
                {
                    var mat = plan.Materials[loss.Material];
                    var sh = Load(e[mat.LithiumShare], k);
                    var lam = Load(lambda, k);
                    var factor = one - sh + sh * lam;
                    var q = mat.IsFlat ? one : Load(e[mat.Kg], k);
                    var beta = mat.IsFlat ? Load(e[mat.UsdPerKWh], k) : Beta(e, mat, materialSlot[loss.Material], k);
                    materials += q * (beta * (Load(e[loss.Extra], k) * factor + Load(e[loss.LithiumExcess], k) * sh * lam));
                }
                if (!entry.IsOther) materials += Load(consumables, k);
                var stepMaterials = materials / enter;
                var stepEnergy = Load(energy, k) * Load(electricity, k) / enter;
                var stepLabor = Load(hours, k) * Load(learning, k) * Load(wage, k) / enter;
                var used = Load(_used, k);
                var vint = Load(vintage, k);
                var stepCapital = Vector256.ConditionalSelect(Vector256.LessThan(Load(_age, k), Load(dep, k)), vint * Load(s.Crf, k) / used, zero);
                var stepFixed = (Load(opex, k) * vint + Load(atmosphere, k)) / used;
                var stepCost = stepMaterials + stepEnergy + stepLabor + stepCapital + stepFixed;
                Span<Vector256<double>> values = [stepCost, stepMaterials, stepEnergy, stepLabor, stepCapital, stepFixed];
                for (int m = 0; m < StepMetrics.CostCount; m++)
                {
                    var value = Vector256.ConditionalSelect(isPresent, values[m], zero);
                    Store(Vector256.ConditionalSelect(produced, value, nan), col, m * _cap + k);
                    if (sums is not null)
                        Store(Load(sums, m * _cap + k) + Vector256.ConditionalSelect(produced, output * value, zero), sums, m * _cap + k);
                    if (m > 0)
                    {
                        var component = _components[m - 1];
                        Store(Load(component, k) + Vector256.ConditionalSelect(isPresent, values[m], zero), component, k);
                    }
                }
                if (!entry.IsOther)
                    Store(Vector256.ConditionalSelect(produced & isPresent, Load(own, k), nan), col, (int)StepMetric.StepYield * _cap + k);
            }
            HandSteps(entry, col, y, n, sink);
        }

        // The plant's v1 components: sums over its entries in chain order, other last; cost = Σ − subsidy.
        var c = _plantColumns;
        for (int k = 0; k < width; k += 4)
        {
            var output = Load(_output, k);
            var produced = Vector256.GreaterThan(output, zero);
            var materials = Load(_components[0], k);
            var energy = Load(_components[1], k);
            var labor = Load(_components[2], k);
            var capital = Load(_components[3], k);
            var fixedCost = Load(_components[4], k);
            var sub = Load(subsidy, k);
            var cost = materials + energy + labor + capital + fixedCost - sub;
            Span<Vector256<double>> values = [cost, materials, energy, labor, capital, fixedCost, sub];
            Store(Vector256.ConditionalSelect(produced, Load(_total, k), nan), c[(int)Metric.Yield], k);
            for (int m = 0; m < Metrics.CostComponentCount; m++)
            {
                Store(Vector256.ConditionalSelect(produced, values[m], nan), c[(int)Metric.CostUsdPerKWh + m], k);
                var weighted = Vector256.ConditionalSelect(produced, output * values[m], zero);
                int at = (Weighted + m) * _cap + k;
                Store(Load(world, at) + weighted, world, at);
                Store(Load(route, at) + weighted, route, at);
                Store(Load(regionSums, at) + weighted, regionSums, at);
            }
        }
    }

    /// <summary>β_m(t) over four trials: floor + (price − floor)·L(t), or the price of a line without learning.</summary>
    private Vector256<double> Beta(double[][] e, MaterialPlan mat, int slot, int k)
    {
        if (slot < 0) return Load(e[mat.UsdPerKg], k);
        var floor = Load(e[mat.Floor], k);
        return floor + (Load(e[mat.UsdPerKg], k) - floor) * Load(_learning[slot], k);
    }

    // Unchecked: every column holds the kernel's padded length, and the loops stop at the chunk's padded width.
    private static Vector256<double> Load(double[] column, int k) => Vector256.LoadUnsafe(ref At(column, k));

    private static void Store(Vector256<double> value, double[] column, int k) => value.StoreUnsafe(ref At(column, k));

    private static ref double At(double[] column, int k) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(column), k);

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
        // Four lanes a division, each correctly rounded: the same values as trial by trial.
        ReadOnlySpan<double> nameplate = s.AsSpan(K * _cap, n), processed = s.AsSpan(X * _cap, n), output = s.AsSpan(G * _cap, n);
        ColumnMath.RatioWherePositive(nameplate, processed, nameplate, c[(int)Metric.Utilization].AsSpan(0, n));
        ColumnMath.RatioWherePositive(output, output, processed, c[(int)Metric.Yield].AsSpan(0, n));
        for (int m = 0; m < Metrics.CostComponentCount; m++)
            ColumnMath.RatioWherePositive(output, s.AsSpan((Weighted + m) * _cap, n), output, c[(int)Metric.CostUsdPerKWh + m].AsSpan(0, n));
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
                    // Four lanes a division: each is correctly rounded, so the same values as trial by trial.
                    var g = output.AsSpan(G * _cap, n);
                    ColumnMath.RatioWherePositive(g, _routeSteps[r][i].AsSpan(m * _cap, n), g, _column.AsSpan(0, n));
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
