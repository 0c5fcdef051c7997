using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// One plant's part of the kernel (model-spec section 4, "Plant"), over a chunk of trials. What does not
/// change from year to year within a trial (energy and labour per processed kWh, the bill of materials
/// apart from its learning terms, fixed costs once the capex vintage is known) is computed once per chunk,
/// so the yearly loop is a few multiplications per trial.
/// </summary>
internal sealed class PlantStep
{
    private readonly PlantSlots _slots;
    private readonly int _cap;
    // Per trial, for the chunk: realised delay, capex vintage, cumulative output, and the constant parts.
    private readonly double[] _delay; // whole years, as doubles so the vector path can use them
    private readonly double[] _vintage, _cumulative, _energyPerProcessed, _laborPerProcessed, _billFixed,
        _fixedCostPerYear, _capitalPerYear;
    private readonly (int Slot, double[] Coefficient)[] _billLearning; // bill += coefficient · factor(slot)
    private readonly double[] _nameplate, _age, _ramp, _decay, _processed;
    // Input columns (bound once per TrialInputs).
    private double[] _capacityMultiplier = [], _capex = [], _capexFloor = [], _uMax = [], _y0 = [], _yM = [],
        _rampTau = [], _yieldTau = [], _depreciation = [], _subsidy = [], _opexRate = [], _dryRoom = [], _crf = [];
    private double[][] _capacity = [];

    public PlantSlots Slots => _slots;
    public double[] Cumulative => _cumulative;

    public PlantStep(PlantSlots slots, int capacity)
    {
        _slots = slots;
        _cap = capacity;
        _delay = new double[capacity];
        _vintage = new double[capacity];
        _cumulative = new double[capacity];
        _energyPerProcessed = new double[capacity];
        _laborPerProcessed = new double[capacity];
        _billFixed = new double[capacity];
        _fixedCostPerYear = new double[capacity];
        _capitalPerYear = new double[capacity];
        _billLearning = slots.Materials.Where(m => m.LearningSlot >= 0)
            .Select(m => (m.LearningSlot, new double[capacity])).ToArray();
        _nameplate = new double[capacity];
        _age = new double[capacity];
        _ramp = new double[capacity];
        _decay = new double[capacity];
        _processed = new double[capacity];
    }

    public void Bind(double[][] v, RegionSlots region, double[] crf)
    {
        _capacityMultiplier = v[region.CapexMultiplier]; _capex = v[_slots.Capex]; _capexFloor = v[_slots.CapexFloor];
        _uMax = v[region.UtilizationMax]; _y0 = v[_slots.YieldInitial]; _yM = v[_slots.YieldMature];
        _rampTau = v[_slots.RampTau]; _yieldTau = v[_slots.YieldTau]; _depreciation = v[region.DepreciationYears];
        _subsidy = v[region.Subsidy]; _opexRate = v[region.FixedOpexRate]; _dryRoom = v[_slots.DryRoom];
        _crf = crf;
        _capacity = _slots.CapacityGwh.Select(i => v[i]).ToArray();
    }

    /// <summary>Per chunk: delays and the year-invariant cost parts. λ enters through each line's lithium factor.</summary>
    public void Prepare(double[][] v, RegionSlots region, double[] lambda, int n)
    {
        double[] delay = v[_slots.Delay], energy = v[_slots.ProcessEnergy], electricity = v[region.Electricity],
            hours = v[_slots.LaborHours], wage = v[region.Labor];
        for (int k = 0; k < n; k++)
        {
            _delay[k] = Math.Max(0, Math.Floor(delay[k] + 0.5));
            _energyPerProcessed[k] = energy[k] * electricity[k];
            _laborPerProcessed[k] = hours[k] * wage[k];
        }
        Array.Clear(_cumulative, 0, n);
        Array.Clear(_billFixed, 0, n);
        int learning = 0;
        foreach (var m in _slots.Materials)
        {
            double[] share = v[m.LithiumShare];
            if (m.IsFlat)
            {
                double[] flat = v[m.UsdPerKWh];
                for (int k = 0; k < n; k++) _billFixed[k] += flat[k] * (1 - share[k] + share[k] * lambda[k]);
                continue;
            }
            double[] kg = v[m.KgPerKWh], price = v[m.UsdPerKg];
            if (m.LearningSlot < 0)
            {
                for (int k = 0; k < n; k++) _billFixed[k] += kg[k] * price[k] * (1 - share[k] + share[k] * lambda[k]);
                continue;
            }
            // base(t) = floor + (price − floor)·factor(t): the floor part is fixed, the rest learns.
            double[] floor = v[m.Floor], coefficient = _billLearning[learning++].Coefficient;
            for (int k = 0; k < n; k++)
            {
                double perKg = kg[k] * (1 - share[k] + share[k] * lambda[k]);
                _billFixed[k] += perKg * floor[k];
                coefficient[k] = perKg * (price[k] - floor[k]);
            }
        }
    }

    /// <summary>
    /// Year t: the plant's 12 metric columns into <paramref name="c"/> (NaN where undefined) and its
    /// contributions to the world, route and region sums. Returns false when it is inactive in every trial.
    /// </summary>
    public bool Year(int t, int firstYear, double[] learning, double[][] materialFactors, double[][] c,
        GroupSums world, GroupSums route, GroupSums region, int n)
    {
        if (!Activity(t, firstYear, learning, n))
        {
            Array.Clear(c[0], 0, n);
            Array.Clear(c[1], 0, n);
            Array.Copy(_cumulative, c[2], n);
            for (int m = 3; m < Metrics.Count; m++) Array.Fill(c[m], double.NaN, 0, n);
            return false;
        }
        ColumnMath.Exp(_ramp.AsSpan(0, n));
        ColumnMath.Exp(_decay.AsSpan(0, n));

        int k = YearVectorised(learning, materialFactors, c, n);
        double[] c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7], c8 = c[8],
            c9 = c[9], c10 = c[10], c11 = c[11];
        for (; k < n; k++) // the last few trials of the chunk: the same operations in the same order, one at a time
        {
            double nameplate = _nameplate[k];
            if (nameplate == 0)
            {
                _processed[k] = 0;
                c0[k] = 0; c1[k] = 0; c2[k] = _cumulative[k];
                c3[k] = c4[k] = c5[k] = c6[k] = c7[k] = c8[k] = c9[k] = c10[k] = c11[k] = double.NaN;
                continue;
            }
            double utilization = _uMax[k] * (1 - _ramp[k]);
            double yield = _yM[k] - (_yM[k] - _y0[k]) * _decay[k];
            double processed = nameplate * utilization;
            double output = processed * yield;
            double cumulative = _cumulative[k] += output;
            c0[k] = nameplate; c1[k] = output; c2[k] = cumulative; c3[k] = utilization;
            _processed[k] = processed;
            if (!(output > 0))
            {
                c4[k] = c5[k] = c6[k] = c7[k] = c8[k] = c9[k] = c10[k] = c11[k] = double.NaN;
                continue;
            }

            double perGood = 1 / yield, perUsedGood = 1 / (utilization * yield);
            double bill = _billFixed[k];
            foreach (var (slot, coefficient) in _billLearning) bill += coefficient[k] * materialFactors[slot][k];
            double materials = bill * perGood;
            double energy = _energyPerProcessed[k] * perGood;
            double labor = _laborPerProcessed[k] * learning[k] * perGood;
            double capital = _age[k] < _depreciation[k] ? _capitalPerYear[k] * perUsedGood : 0;
            double fixedCost = _fixedCostPerYear[k] * perUsedGood;
            double subsidy = _subsidy[k];
            double cost = materials + energy + labor + capital + fixedCost - subsidy;
            c4[k] = yield; c5[k] = cost; c6[k] = materials; c7[k] = energy; c8[k] = labor;
            c9[k] = capital; c10[k] = fixedCost; c11[k] = subsidy;
        }
        // The plant's share of its groups, added column by column (vectorised) in plant order, so each
        // group's sums are the same as adding trial by trial.
        GroupSums.Add(world, route, region, c, _processed, n);
        return true;
    }

    /// <summary>
    /// The body of <see cref="Year"/> four trials at a time, for the whole vectors of the chunk; returns where the
    /// scalar loop takes over. Every lane performs the scalar loop's operations in the same order (IEEE results
    /// are then identical), and the branches become selects: a lane without capacity reports 0/0/cumulative and
    /// NaN, a lane without good output NaN costs.
    /// </summary>
    private int YearVectorised(double[] learning, double[][] materialFactors, double[][] c, int n)
    {
        if (!Vector256.IsHardwareAccelerated) return 0;
        var nan = Vector256.Create(double.NaN);
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        int k = 0;
        for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var nameplate = Load(_nameplate, k);
            var active = ~Vector256.Equals(nameplate, zero);
            var utilization = Load(_uMax, k) * (one - Load(_ramp, k));
            var yM = Load(_yM, k);
            var yield = yM - (yM - Load(_y0, k)) * Load(_decay, k);
            var processed = nameplate * utilization;
            var output = processed * yield;
            var cumulative = Vector256.ConditionalSelect(active, Load(_cumulative, k) + output, Load(_cumulative, k));
            cumulative.StoreUnsafe(ref At(_cumulative, k));
            Vector256.ConditionalSelect(active, processed, zero).StoreUnsafe(ref At(_processed, k));
            Vector256.ConditionalSelect(active, nameplate, zero).StoreUnsafe(ref At(c[0], k));
            Vector256.ConditionalSelect(active, output, zero).StoreUnsafe(ref At(c[1], k));
            cumulative.StoreUnsafe(ref At(c[2], k));
            Vector256.ConditionalSelect(active, utilization, nan).StoreUnsafe(ref At(c[3], k));

            var produced = active & Vector256.GreaterThan(output, zero);
            var perGood = one / yield;
            var perUsedGood = one / (utilization * yield);
            var bill = Load(_billFixed, k);
            foreach (var (slot, coefficient) in _billLearning) bill += Load(coefficient, k) * Load(materialFactors[slot], k);
            var materials = bill * perGood;
            var energy = Load(_energyPerProcessed, k) * perGood;
            var labor = Load(_laborPerProcessed, k) * Load(learning, k) * perGood;
            var capital = Vector256.ConditionalSelect(Vector256.LessThan(Load(_age, k), Load(_depreciation, k)),
                Load(_capitalPerYear, k) * perUsedGood, zero);
            var fixedCost = Load(_fixedCostPerYear, k) * perUsedGood;
            var subsidy = Load(_subsidy, k);
            var cost = materials + energy + labor + capital + fixedCost - subsidy;
            Vector256.ConditionalSelect(produced, yield, nan).StoreUnsafe(ref At(c[4], k));
            Vector256.ConditionalSelect(produced, cost, nan).StoreUnsafe(ref At(c[5], k));
            Vector256.ConditionalSelect(produced, materials, nan).StoreUnsafe(ref At(c[6], k));
            Vector256.ConditionalSelect(produced, energy, nan).StoreUnsafe(ref At(c[7], k));
            Vector256.ConditionalSelect(produced, labor, nan).StoreUnsafe(ref At(c[8], k));
            Vector256.ConditionalSelect(produced, capital, nan).StoreUnsafe(ref At(c[9], k));
            Vector256.ConditionalSelect(produced, fixedCost, nan).StoreUnsafe(ref At(c[10], k));
            Vector256.ConditionalSelect(produced, subsidy, nan).StoreUnsafe(ref At(c[11], k));
        }
        return k;
    }

    private static Vector256<double> Load(double[] column, int k) => Vector256.LoadUnsafe(ref At(column, k));

    private static ref double At(double[] column, int k) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(column), k);

    /// <summary>
    /// Which trials have the plant active in year t, with its nameplate, age and the exponents of ramp and
    /// yield; fixes the capex vintage in the realised SOP year (or T0 for older plants).
    /// </summary>
    private bool Activity(int t, int firstYear, double[] learning, int n)
    {
        int[] years = _slots.CapacityYears;
        int k = ActivityVectorised(t, firstYear, learning, n, out bool any);
        for (; k < n; k++) // the last few trials of the chunk, one at a time
        {
            int d = (int)_delay[k];
            int sop = _slots.AnnouncedSop + d;
            int age = t - sop;
            if (t == Math.Max(sop, firstYear))
            {
                // Capex vintage: fixed at the route's learning level in the plant's realised SOP year.
                double vintage = _capacityMultiplier[k] * (_capexFloor[k] + (_capex[k] - _capexFloor[k]) * learning[k]);
                _vintage[k] = vintage;
                _capitalPerYear[k] = vintage * _crf[k];
                _fixedCostPerYear[k] = _opexRate[k] * vintage + _dryRoom[k];
            }
            // The whole capacity schedule shifts with the delay.
            double nameplate = 0;
            for (int i = years.Length - 1; i >= 0; i--)
                if (years[i] + d <= t) { nameplate = _capacity[i][k]; break; }
            bool active = age >= 0 && nameplate > 0;
            any |= active;
            _nameplate[k] = active ? nameplate : 0;
            _age[k] = age;
            // τ = 0 means "at once": exp(−∞) = 0 gives u = utilizationMax and y = yield.mature.
            double rampTau = _rampTau[k], yieldTau = _yieldTau[k];
            _ramp[k] = !active ? 0 : rampTau == 0 ? double.NegativeInfinity : -(age + 1) / rampTau;
            _decay[k] = !active ? 0 : yieldTau == 0 ? double.NegativeInfinity : -age / yieldTau;
        }
        return any;
    }

    /// <summary>
    /// <see cref="Activity"/> four trials at a time, for the whole vectors of the chunk; returns where the scalar
    /// loop takes over. Years, delays and ages are whole numbers held exactly in doubles, so the comparisons
    /// and divisions give the scalar loop's values. The capacity entries are scanned upwards and the last
    /// one in force wins, which is the entry the scalar loop finds scanning downwards.
    /// </summary>
    private int ActivityVectorised(int t, int firstYear, double[] learning, int n, out bool any)
    {
        any = false;
        if (!Vector256.IsHardwareAccelerated) return 0;
        int[] years = _slots.CapacityYears;
        var year = Vector256.Create((double)t);
        var first = Vector256.Create((double)firstYear);
        var announced = Vector256.Create((double)_slots.AnnouncedSop);
        var zero = Vector256<double>.Zero;
        var one = Vector256.Create(1.0);
        var minusInfinity = Vector256.Create(double.NegativeInfinity);
        var anyActive = Vector256<double>.Zero;
        int k = 0;
        for (; k <= n - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var d = Load(_delay, k);
            var sop = announced + d;
            var age = year - sop;
            var vintageYear = Vector256.Equals(year, Vector256.Max(sop, first));
            if (vintageYear != zero)
            {
                // Capex vintage: fixed at the route's learning level in the plant's realised SOP year.
                var floor = Load(_capexFloor, k);
                var vintage = Load(_capacityMultiplier, k) * (floor + (Load(_capex, k) - floor) * Load(learning, k));
                Vector256.ConditionalSelect(vintageYear, vintage, Load(_vintage, k)).StoreUnsafe(ref At(_vintage, k));
                Vector256.ConditionalSelect(vintageYear, vintage * Load(_crf, k), Load(_capitalPerYear, k))
                    .StoreUnsafe(ref At(_capitalPerYear, k));
                Vector256.ConditionalSelect(vintageYear, Load(_opexRate, k) * vintage + Load(_dryRoom, k), Load(_fixedCostPerYear, k))
                    .StoreUnsafe(ref At(_fixedCostPerYear, k));
            }
            var nameplate = zero;
            for (int i = 0; i < years.Length; i++)
                nameplate = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(Vector256.Create((double)years[i]) + d, year),
                    Load(_capacity[i], k), nameplate);
            var active = Vector256.GreaterThanOrEqual(age, zero) & Vector256.GreaterThan(nameplate, zero);
            anyActive |= active;
            Vector256.ConditionalSelect(active, nameplate, zero).StoreUnsafe(ref At(_nameplate, k));
            age.StoreUnsafe(ref At(_age, k));
            // τ = 0 means "at once": exp(−∞) = 0 gives u = utilizationMax and y = yield.mature.
            var rampTau = Load(_rampTau, k);
            var yieldTau = Load(_yieldTau, k);
            var ramp = Vector256.ConditionalSelect(Vector256.Equals(rampTau, zero), minusInfinity, -(age + one) / rampTau);
            var decay = Vector256.ConditionalSelect(Vector256.Equals(yieldTau, zero), minusInfinity, -age / yieldTau);
            Vector256.ConditionalSelect(active, ramp, zero).StoreUnsafe(ref At(_ramp, k));
            Vector256.ConditionalSelect(active, decay, zero).StoreUnsafe(ref At(_decay, k));
        }
        any = anyActive != zero;
        return k;
    }
}
