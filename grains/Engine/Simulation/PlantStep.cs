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
/// <remarks>
/// The yearly formulas exist once, four trials per <see cref="Vector256{T}"/>: the kernel's columns are padded to
/// whole vectors (<see cref="ColumnMath.PaddedLength"/>), so no scalar tail repeats them. A padded lane computes
/// from whatever the columns hold there and only the first n values of a column leave the kernel; the plant is
/// never active in a padded lane (see <see cref="Prepare"/>) and exp never sees one (see <see cref="ColumnMath.Exp"/>).
/// Each lane performs the model's operations in the model's order, so the vector body gives every trial the values
/// a scalar loop would (the chunk-size tests check that a trial's values do not depend on its lane).
/// </remarks>
internal sealed class PlantStep
{
    private readonly PlantSlots _slots;
    // Per trial, for the chunk: realised delay, cumulative output, and the constant parts.
    private readonly double[] _delay; // whole years, as doubles for the vector lanes
    private readonly double[] _cumulative, _energyPerProcessed, _laborPerProcessed, _billFixed, _fixedCostPerYear, _capitalPerYear;
    private readonly (int Slot, double[] Coefficient)[] _billLearning; // bill += coefficient · factor(slot)
    // Per trial, for the year: what Activity finds, and the processed kWh for the group sums.
    private readonly double[] _nameplate, _age, _ramp, _decay, _processed;
    // Input columns (bound once per TrialInputs).
    private double[] _capacityMultiplier = [], _capex = [], _capexFloor = [], _uMax = [], _y0 = [], _yM = [],
        _rampTau = [], _yieldTau = [], _depreciation = [], _subsidy = [], _opexRate = [], _dryRoom = [], _crf = [];
    private double[][] _capacity = [];

    public PlantSlots Slots => _slots;
    public double[] Cumulative => _cumulative;

    /// <param name="length">the kernel's column length, padded to whole vectors.</param>
    public PlantStep(PlantSlots slots, int length)
    {
        _slots = slots;
        _delay = new double[length];
        _cumulative = new double[length];
        _energyPerProcessed = new double[length];
        _laborPerProcessed = new double[length];
        _billFixed = new double[length];
        _fixedCostPerYear = new double[length];
        _capitalPerYear = new double[length];
        _billLearning = slots.Materials.Where(m => m.LearningSlot >= 0)
            .Select(m => (m.LearningSlot, new double[length])).ToArray();
        _nameplate = new double[length];
        _age = new double[length];
        _ramp = new double[length];
        _decay = new double[length];
        _processed = new double[length];
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

    /// <summary>
    /// Per chunk of <paramref name="n"/> trials, over all its padded lanes: delays and the year-invariant cost parts.
    /// λ enters through each line's lithium factor.
    /// </summary>
    public void Prepare(double[][] v, RegionSlots region, double[] lambda, int n)
    {
        int width = ColumnMath.PaddedLength(n);
        double[] delay = v[_slots.Delay], energy = v[_slots.ProcessEnergy], electricity = v[region.Electricity],
            hours = v[_slots.LaborHours], wage = v[region.Labor];
        for (int k = 0; k < width; k++)
        {
            _delay[k] = Math.Max(0, Math.Floor(delay[k] + 0.5));
            _energyPerProcessed[k] = energy[k] * electricity[k];
            _laborPerProcessed[k] = hours[k] * wage[k];
        }
        // In a padded lane the plant never starts, so it is never active there: the lane adds nothing to the group
        // sums and cannot make an idle plant look active (Activity's answer is about the chunk's trials).
        Array.Fill(_delay, double.PositiveInfinity, n, width - n);
        Array.Clear(_cumulative, 0, width);
        Array.Clear(_billFixed, 0, width);
        int learning = 0;
        foreach (var m in _slots.Materials)
        {
            double[] share = v[m.LithiumShare];
            if (m.IsFlat)
            {
                double[] flat = v[m.UsdPerKWh];
                for (int k = 0; k < width; k++) _billFixed[k] += flat[k] * (1 - share[k] + share[k] * lambda[k]);
                continue;
            }
            double[] kg = v[m.KgPerKWh], price = v[m.UsdPerKg];
            if (m.LearningSlot < 0)
            {
                for (int k = 0; k < width; k++) _billFixed[k] += kg[k] * price[k] * (1 - share[k] + share[k] * lambda[k]);
                continue;
            }
            // base(t) = floor + (price − floor)·factor(t): the floor part is fixed, the rest learns.
            double[] floor = v[m.Floor], coefficient = _billLearning[learning++].Coefficient;
            for (int k = 0; k < width; k++)
            {
                double perKg = kg[k] * (1 - share[k] + share[k] * lambda[k]);
                _billFixed[k] += perKg * floor[k];
                coefficient[k] = perKg * (price[k] - floor[k]);
            }
        }
    }

    /// <summary>
    /// Year t: the plant's metric columns into <paramref name="c"/> (NaN where undefined; the first
    /// <paramref name="n"/> values are the chunk's trials) and its contributions to the world, route and region
    /// sums. Returns false when it is inactive in every trial.
    /// </summary>
    public bool Year(int t, int firstYear, double[] learning, double[][] materialFactors, MetricColumns c,
        GroupSums world, GroupSums route, GroupSums region, int n)
    {
        int width = ColumnMath.PaddedLength(n);
        if (!Activity(t, firstYear, learning, width))
        {
            Array.Clear(c[Metric.CapacityGWh], 0, n);
            Array.Clear(c[Metric.OutputGWh], 0, n);
            Array.Copy(_cumulative, c[Metric.CumulativeOutputGWh], n);
            for (var m = Metric.Utilization; m < (Metric)Metrics.Count; m++) Array.Fill(c[m], double.NaN, 0, n);
            return false;
        }
        // Over the chunk's trials only: see ColumnMath.Exp.
        ColumnMath.Exp(_ramp.AsSpan(0, n));
        ColumnMath.Exp(_decay.AsSpan(0, n));

        // The model's branches are selects: a lane without nameplate in force reports 0, 0, its cumulative
        // output and NaN elsewhere; a lane without good output reports NaN yield and costs.
        var nan = Vector256.Create(double.NaN);
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        for (int k = 0; k < width; k += Vector256<double>.Count)
        {
            var nameplate = Load(_nameplate, k);
            var active = ~Vector256.Equals(nameplate, zero);
            var utilization = Load(_uMax, k) * (one - Load(_ramp, k));
            var yM = Load(_yM, k);
            var yield = yM - (yM - Load(_y0, k)) * Load(_decay, k);
            var processed = nameplate * utilization;
            var output = processed * yield;
            var cumulative = Load(_cumulative, k);
            cumulative = Vector256.ConditionalSelect(active, cumulative + output, cumulative);
            Store(cumulative, _cumulative, k);
            Store(Vector256.ConditionalSelect(active, processed, zero), _processed, k);
            Store(Vector256.ConditionalSelect(active, nameplate, zero), c[Metric.CapacityGWh], k);
            Store(Vector256.ConditionalSelect(active, output, zero), c[Metric.OutputGWh], k);
            Store(cumulative, c[Metric.CumulativeOutputGWh], k);
            Store(Vector256.ConditionalSelect(active, utilization, nan), c[Metric.Utilization], k);

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
            Store(Vector256.ConditionalSelect(produced, yield, nan), c[Metric.Yield], k);
            Store(Vector256.ConditionalSelect(produced, cost, nan), c[Metric.CostUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, materials, nan), c[Metric.MaterialsUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, energy, nan), c[Metric.EnergyUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, labor, nan), c[Metric.LaborUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, capital, nan), c[Metric.CapitalUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, fixedCost, nan), c[Metric.FixedUsdPerKWh], k);
            Store(Vector256.ConditionalSelect(produced, subsidy, nan), c[Metric.SubsidyUsdPerKWh], k);
        }
        // The plant's share of its groups, added column by column (vectorised) in plant order, so each
        // group's sums are the same as adding trial by trial.
        GroupSums.Add(world, route, region, c, _processed, width);
        return true;
    }

    /// <summary>
    /// Which trials have the plant active in year t, with its nameplate, age and the exponents of ramp and
    /// yield; fixes the capex vintage in the realised SOP year (or T0 for older plants). Years, delays and ages
    /// are whole numbers held exactly in doubles (a padded lane's delay is +∞: see Prepare). Returns whether the
    /// plant is active in any trial.
    /// </summary>
    private bool Activity(int t, int firstYear, double[] learning, int width)
    {
        int[] years = _slots.CapacityYears;
        var year = Vector256.Create((double)t);
        var first = Vector256.Create((double)firstYear);
        var announced = Vector256.Create((double)_slots.AnnouncedSop);
        var zero = Vector256<double>.Zero;
        var one = Vector256.Create(1.0);
        var minusInfinity = Vector256.Create(double.NegativeInfinity);
        var anyActive = zero;
        for (int k = 0; k < width; k += Vector256<double>.Count)
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
                Store(Vector256.ConditionalSelect(vintageYear, vintage * Load(_crf, k), Load(_capitalPerYear, k)), _capitalPerYear, k);
                Store(Vector256.ConditionalSelect(vintageYear, Load(_opexRate, k) * vintage + Load(_dryRoom, k), Load(_fixedCostPerYear, k)),
                    _fixedCostPerYear, k);
            }
            // The whole capacity schedule shifts with the delay; the last entry in force wins.
            var nameplate = zero;
            for (int i = 0; i < years.Length; i++)
                nameplate = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(Vector256.Create((double)years[i]) + d, year),
                    Load(_capacity[i], k), nameplate);
            var active = Vector256.GreaterThanOrEqual(age, zero) & Vector256.GreaterThan(nameplate, zero);
            anyActive |= active;
            Store(Vector256.ConditionalSelect(active, nameplate, zero), _nameplate, k);
            Store(age, _age, k);
            // τ = 0 means "at once": exp(−∞) = 0 gives u = utilizationMax and y = yield.mature.
            var rampTau = Load(_rampTau, k);
            var yieldTau = Load(_yieldTau, k);
            var ramp = Vector256.ConditionalSelect(Vector256.Equals(rampTau, zero), minusInfinity, -(age + one) / rampTau);
            var decay = Vector256.ConditionalSelect(Vector256.Equals(yieldTau, zero), minusInfinity, -age / yieldTau);
            Store(Vector256.ConditionalSelect(active, ramp, zero), _ramp, k);
            Store(Vector256.ConditionalSelect(active, decay, zero), _decay, k);
        }
        return anyActive != zero;
    }

    // Unchecked: every column holds the kernel's padded length, and the loops stop at the chunk's padded width.
    private static Vector256<double> Load(double[] column, int k) => Vector256.LoadUnsafe(ref At(column, k));

    private static void Store(Vector256<double> value, double[] column, int k) => value.StoreUnsafe(ref At(column, k));

    private static ref double At(double[] column, int k) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(column), k);
}
