using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Simulation.Process;

/// <summary>
/// One plant's per-trial state for a chunk in <see cref="ProcessKernel"/>: realised SOP (§4.1), the options adopted
/// at SOP and the entries present (§4.2–4.3), the effective value of every key under the current adoption mask, the
/// rest shares of <c>other</c>, the capex vintage of every entry and the cumulative output.
/// </summary>
internal sealed class PlantState
{
    public PlantPlan Plan { get; }
    public double[] Sop, Delay, Cumulative, Crf;
    public ulong[] Mask, SopAdopted, Present;
    public double[][] Rest;           // energy, labour, capex, atmosphere: [trial]
    public double[][] Vintage;        // entry → [trial]
    // Per entry and trial, what does not change while the adoption mask stays (§4.4's quantities, with λ):
    // energy e_k, labour h_k, atmosphere d_k (USD/yr per kWh/yr) and the consumables' cost κ_k·(1 − s_κ + s_κ·λ).
    public double[][] Energy, Hours, Atmosphere, Consumables;
    /// <summary>Material m enters at entry EntryOf[m][k] (the first present entry listing it, else other): fixed for life.</summary>
    public double[][] EntryOf;        // as doubles: the cost pass compares them four lanes at a time
    /// <summary>Per entry: 1 where present (§4.3), else 0.</summary>
    public double[][] PresentFlag;
    /// <summary>
    /// Per entry, for the chunk: the materials that enter there in some trial (the first EntryMaterialCount[i], in
    /// file order), and whether it is present in some trial. The cost pass visits only those materials, and skips the
    /// formulas of an entry present in none.
    /// </summary>
    public int[][] EntryMaterials;
    public int[] EntryMaterialCount;
    public bool[] AnyPresent;
    /// <summary>Key → values by trial: the input column itself for a key no option touches, else the plant's own column.</summary>
    public double[][] Effective;
    private readonly double[][] _constants;
    private readonly double[]?[] _own;
    private readonly int[] _touched;           // the keys some option's effect changes: the only ones Recompute visits
    private readonly int[] _affected;          // the entries whose quantities read a touched key: the only ones Recompute redoes
    private readonly double[][] _base;          // key → its base column for the chunk (an input or a constant column)
    private readonly double[][] _retrofitFrom;  // retrofit option (in _retrofit order) → A_{p,o} by trial (§4.2)
    private readonly ScopedOption[] _retrofit;  // the options adopted by year rather than at SOP

    /// <param name="constants">the kernel's read-only columns of constant keys, shared by every plant.</param>
    public PlantState(PlantPlan plan, int capacity, ConstantColumns constants)
    {
        Plan = plan;
        Sop = new double[capacity]; Delay = new double[capacity]; Cumulative = new double[capacity]; Crf = new double[capacity];
        Mask = new ulong[capacity]; SopAdopted = new ulong[capacity]; Present = new ulong[capacity];
        Rest = Enumerable.Range(0, 4).Select(_ => new double[capacity]).ToArray();
        Vintage = plan.Entries.Select(_ => new double[capacity]).ToArray();
        Energy = plan.Entries.Select(_ => new double[capacity]).ToArray();
        Hours = plan.Entries.Select(_ => new double[capacity]).ToArray();
        Atmosphere = plan.Entries.Select(_ => new double[capacity]).ToArray();
        Consumables = plan.Entries.Select(_ => new double[capacity]).ToArray();
        EntryOf = plan.Materials.Select(_ => new double[capacity]).ToArray();
        PresentFlag = plan.Entries.Select(_ => new double[capacity]).ToArray();
        EntryMaterials = plan.Entries.Select(_ => new int[plan.Materials.Length]).ToArray();
        EntryMaterialCount = new int[plan.Entries.Length];
        AnyPresent = new bool[plan.Entries.Length];
        _constants = plan.Keys.Select(key => key.BaseColumn >= 0 ? [] : constants.Column(key.Constant)).ToArray();
        Effective = new double[plan.Keys.Count][];
        _own = plan.Keys.Select(key => key.Effects.Count == 0 ? null : new double[capacity]).ToArray();
        _retrofit = plan.Options.Where(o => o.Adoption == AdoptionRule.Retrofit).ToArray();
        _touched = Enumerable.Range(0, plan.Keys.Count).Where(key => plan.Keys[key].Effects.Count > 0).ToArray();
        _base = new double[plan.Keys.Count][];
        var touched = _touched.ToHashSet();
        _affected = Enumerable.Range(0, plan.Entries.Length).Where(i => QuantityKeys(plan, plan.Entries[i]).Any(touched.Contains)).ToArray();
        _retrofitFrom = _retrofit.Select(_ => new double[capacity]).ToArray();
    }

    /// <summary>Round half up, as v1 rounds delays: floor(x + 0.5).</summary>
    public static double Round(double x) => Math.Floor(x + 0.5);

    private double[] BaseOf(double[][] v, int key) => Plan.Keys[key].BaseColumn >= 0 ? v[Plan.Keys[key].BaseColumn] : _constants[key];

    public void Prepare(double[][] v, RegionSlots region, int n)
    {
        for (int key = 0; key < Plan.Keys.Count; key++)
        {
            _base[key] = BaseOf(v, key);
            Effective[key] = _own[key] ?? _base[key];
        }
        double[] delay = v[Plan.Delay];
        var readiness = Plan.Entries.Where(e => e.InBase && e.Readiness >= 0).Select(e => v[e.Readiness]).ToArray();
        for (int k = 0; k < n; k++)
        {
            Delay[k] = Math.Max(0, Math.Floor(delay[k] + 0.5));
            double required = double.NegativeInfinity;
            foreach (var r in readiness) required = Math.Max(required, Round(r[k]));
            double sop = Math.Max(Plan.AnnouncedSop + Delay[k], required);
            Sop[k] = sop;
            Delay[k] = sop - Plan.AnnouncedSop; // D' of §4.1: the whole capacity schedule shifts with it
            Cumulative[k] = 0;

            ulong adopted = 0, present = Plan.BaseEntries;
            foreach (var o in Plan.Options)
            {
                if (o.Adoption != AdoptionRule.Sop || !(Round(v[o.Readiness][k]) <= sop)) continue;
                adopted |= 1UL << o.Bit;
                foreach (var (effect, entry, anchor) in o.Structure)
                    switch (effect)
                    {
                        case AddStepEffect: present |= 1UL << entry; break;
                        case RemoveStepEffect: present &= ~(1UL << entry); break;
                        case ReplaceStepEffect when (present >> anchor & 1) != 0:
                            present = (present & ~(1UL << anchor)) | 1UL << entry;
                            break;
                    }
            }
            SopAdopted[k] = adopted;
            Present[k] = present;
            Mask[k] = adopted;
            for (int j = 0; j < _retrofit.Length; j++)
            {
                var o = _retrofit[j];
                double ready = Round(v[o.Readiness][k]);
                _retrofitFrom[j][k] = ready <= sop ? sop : ready + 1;
            }
        }
        // Column by column over the chunk (each trial's values as trial by trial: the same sums in the same order).
        // Rest shares (§4.4): from the base chain's base values, in base-chain order; options never move cost into other.
        for (int q = 0; q < 4; q++)
        {
            double[] rest = Rest[q];
            int[] keys = Plan.RestShares[q];
            if (keys.Length == 0) { Array.Fill(rest, 1.0, 0, n); continue; }
            Array.Clear(rest, 0, n);
            foreach (int key in keys)
            {
                double[] share = _base[key];
                for (int k = 0; k < n; k++) rest[k] += share[k];
            }
            for (int k = 0; k < n; k++) rest[k] = Math.Max(0, 1 - rest[k]);
        }
        for (int i = 0; i < Plan.Entries.Length; i++)
        {
            double[] flag = PresentFlag[i];
            for (int k = 0; k < n; k++) flag[k] = (Present[k] >> i & 1) != 0 ? 1 : 0;
        }
        // A material enters at the first present step (in chain order) that takes it, else at other.
        int other = Plan.Entries.Length - 1;
        foreach (var entryOf in EntryOf) Array.Fill(entryOf, other, 0, n);
        for (int i = 0; i < other; i++)
            foreach (int m in Plan.Entries[i].Inputs)
            {
                double[] entryOf = EntryOf[m];
                for (int k = 0; k < n; k++)
                    if ((Present[k] >> i & 1) != 0 && entryOf[k] == other) entryOf[k] = i;
            }

        // The effective values under the SOP adoption (§4.2), key by key over the chunk.
        foreach (int key in _touched)
        {
            double[] own = _own[key]!, baseValues = _base[key];
            var effects = Plan.Keys[key].Effects;
            for (int k = 0; k < n; k++) own[k] = Apply(v, effects, baseValues[k], k, Mask[k]);
        }
        for (int i = 0; i < Plan.Entries.Length; i++) EntryQuantities(v, i, 0, n);
        Array.Clear(EntryMaterialCount);
        for (int m = 0; m < EntryOf.Length; m++)
            for (int k = 0; k < n; k++)
            {
                int i = (int)EntryOf[m][k], listed = EntryMaterialCount[i];
                if (listed == 0 || EntryMaterials[i][listed - 1] != m) EntryMaterials[i][EntryMaterialCount[i]++] = m;
            }
        ulong everPresent = 0;
        for (int k = 0; k < n; k++) everPresent |= Present[k];
        for (int i = 0; i < AnyPresent.Length; i++) AnyPresent[i] = (everPresent >> i & 1) != 0;
        double[] wacc = v[region.Wacc], years = v[region.DepreciationYears];
        for (int k = 0; k < n; k++) Crf[k] = ChunkKernel.CapitalRecovery(wacc[k], years[k]);
    }

    /// <summary>The options adopted in year t (§4.2): those adopted at SOP, and each retrofit option from its adoption year.</summary>
    public ulong Adopted(int k, int t)
    {
        ulong mask = SopAdopted[k];
        for (int j = 0; j < _retrofit.Length; j++)
            if (t >= _retrofitFrom[j][k]) mask |= 1UL << _retrofit[j].Bit;
        return mask;
    }

    /// <summary>Effective values (§4.2) of the keys options touch, for one trial under an adoption mask.</summary>
    public void Recompute(double[][] v, int k, ulong mask)
    {
        ApplyEffects(v, k, mask);
        foreach (int i in _affected) EntryQuantities(v, i, k, k + 1);
    }

    /// <summary>The keys <see cref="EntryQuantities"/> reads for an entry (−1 for none).</summary>
    private static IEnumerable<int> QuantityKeys(PlantPlan plan, EntryPlan entry) =>
        entry.IsOther ? [plan.ProcessEnergy, plan.LaborHours, plan.DryRoom]
            : [plan.ProcessEnergy, plan.LaborHours, plan.DryRoom, entry.EnergyKey, entry.LaborKey, entry.AtmosphereKey,
               entry.ThermalCharge, entry.ThermalHeat, entry.ThermalTemperature, entry.ThermalEfficiency, entry.ThermalHoldPower,
               entry.ThermalHold, entry.Consumables, entry.ConsumablesLithium];

    private void ApplyEffects(double[][] v, int k, ulong mask)
    {
        Mask[k] = mask;
        foreach (int key in _touched) _own[key]![k] = Apply(v, Plan.Keys[key].Effects, _base[key][k], k, mask);
    }

    /// <summary>A key's effective value (§4.2): its base value through the adopted options' effects, in order.</summary>
    private static double Apply(double[][] v, List<(int Option, EffectOperation Operation, int Value)> effects, double x, int k, ulong mask)
    {
        foreach (var (option, operation, value) in effects)
        {
            if ((mask >> option & 1) == 0) continue;
            double a = v[value][k];
            x = operation switch { EffectOperation.Multiply => x * a, EffectOperation.Add => x + a, _ => a };
        }
        return x;
    }

    /// <summary>Entry i's energy, labour, atmosphere and consumables (§4.4, §4.5) for trials [from, to).</summary>
    private void EntryQuantities(double[][] v, int i, int from, int to)
    {
        var e = Effective;
        var entry = Plan.Entries[i];
        double[] energy = Energy[i], hours = Hours[i], atmosphere = Atmosphere[i], consumables = Consumables[i];
        if (entry.IsOther)
        {
            // other: the rest shares of the route's lumped numbers; no consumables.
            double[] pe = e[Plan.ProcessEnergy], lh = e[Plan.LaborHours], dry = e[Plan.DryRoom];
            for (int k = from; k < to; k++)
            {
                energy[k] = Rest[0][k] * pe[k];
                hours[k] = Rest[1][k] * lh[k];
                atmosphere[k] = Rest[3][k] * dry[k];
                consumables[k] = 0;
            }
            return;
        }
        switch (entry.Energy)
        {
            case Form.Share:
                for (int k = from; k < to; k++) energy[k] = e[entry.EnergyKey][k] * e[Plan.ProcessEnergy][k];
                break;
            case Form.Thermal:
            {
                // The thermal rule (§4.5): m·(c·(T − 25)/(3600·η) + w·h).
                double[] m = e[entry.ThermalCharge], c = e[entry.ThermalHeat], t = e[entry.ThermalTemperature], eta = e[entry.ThermalEfficiency],
                    w = e[entry.ThermalHoldPower], h = e[entry.ThermalHold];
                for (int k = from; k < to; k++) energy[k] = m[k] * (c[k] * (t[k] - 25) / (3600 * eta[k]) + w[k] * h[k]);
                break;
            }
            default:
                Array.Copy(e[entry.EnergyKey], from, energy, from, to - from);
                break;
        }
        if (entry.Labor == Form.Share)
            for (int k = from; k < to; k++) hours[k] = e[entry.LaborKey][k] * e[Plan.LaborHours][k];
        else Array.Copy(e[entry.LaborKey], from, hours, from, to - from);
        if (entry.Atmosphere == Form.Share)
            for (int k = from; k < to; k++) atmosphere[k] = e[entry.AtmosphereKey][k] * e[Plan.DryRoom][k];
        else Array.Copy(e[entry.AtmosphereKey], from, atmosphere, from, to - from);
        double[] kappa = e[entry.Consumables], kappaShare = e[entry.ConsumablesLithium], lambda = v[Lambda];
        for (int k = from; k < to; k++) consumables[k] = kappa[k] * (1 - kappaShare[k] + kappaShare[k] * lambda[k]);
    }

    /// <summary>The input column of λ (the lithium price index), for the consumables' lithium factor.</summary>
    public int Lambda { get; set; }
}

/// <summary>
/// Read-only columns of one value each, shared by every plant of a kernel: a key with no draw (a default, a fixed
/// number) reads the column of its value. The 16 plants of the baseline have about 600 such keys and a dozen values.
/// </summary>
internal sealed class ConstantColumns(int capacity)
{
    // By bit pattern, so that 0 and −0 (and NaN payloads) keep their own columns.
    private readonly Dictionary<long, double[]> _columns = new();

    public double[] Column(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (!_columns.TryGetValue(bits, out var column)) _columns[bits] = column = Enumerable.Repeat(value, capacity).ToArray();
        return column;
    }
}
