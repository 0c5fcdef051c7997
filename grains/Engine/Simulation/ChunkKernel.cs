namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The dynamics of model-spec section 4 over a chunk of trials at once: loops run over trials inside
/// each (year, route/plant) step, so every column stays hot in cache. One kernel per worker thread.
/// </summary>
public sealed class ChunkKernel
{
    // Group sum fields: nameplate, processed, good output, then ΣG·c for each cost component.
    private const int SumK = 0, SumX = 1, SumG = 2, SumCost = 3, SumFields = 3 + Metrics.CostComponentCount;

    private readonly CompiledModel _m;
    private readonly int _cap, _years, _groups, _learningSlots;
    private readonly double[][] _q, _bProcess, _bMaterial, _materialFactor, _crf, _plantCumulative, _groupCumulative,
        _vintage;
    private readonly double[][][] _learningByYear; // [route][year][trial]
    private readonly double[][][] _sums;           // [group][field][trial]
    private readonly int[][] _delay;
    private readonly double[][] _columns;          // one per metric
    private readonly int[] _learningRoute;
    private readonly double[][] _logRatio;                       // [route][trial]: ln(Q/Q0) this year
    private readonly double[] _nameplate, _age, _rampDecay, _yieldDecay;
    private MaterialColumns[][] _plantMaterials = [];
    private TrialInputs? _boundInputs;

    public ChunkKernel(CompiledModel model, int capacity)
    {
        _m = model;
        _cap = capacity;
        _years = model.YearCount;
        _groups = model.Entities.PlantBase; // world, routes, regions
        int routes = model.Routes.Length, plants = model.Plants.Length;
        _learningSlots = model.Routes.Sum(r => r.MaterialLearningRates.Length);
        _learningRoute = model.Routes.SelectMany((r, i) => r.MaterialLearningRates.Select(_ => i)).ToArray();

        _q = Columns(routes);
        _bProcess = Columns(routes);
        _bMaterial = Columns(_learningSlots);
        _materialFactor = Columns(_learningSlots);
        _crf = Columns(model.Regions.Length);
        _plantCumulative = Columns(plants);
        _groupCumulative = Columns(_groups);
        _vintage = Columns(plants);
        _learningByYear = Enumerable.Range(0, routes).Select(_ => Columns(_years)).ToArray();
        _sums = Enumerable.Range(0, _groups).Select(_ => Columns(SumFields)).ToArray();
        _delay = Enumerable.Range(0, plants).Select(_ => new int[capacity]).ToArray();
        _columns = Columns(Metrics.Count);
        _logRatio = Columns(routes);
        _nameplate = new double[capacity];
        _age = new double[capacity];
        _rampDecay = new double[capacity];
        _yieldDecay = new double[capacity];
    }

    /// <summary>A plant's material line as input columns, resolved once per <see cref="TrialInputs"/>.</summary>
    private sealed record MaterialColumns(double[]? KgPerKWh, double[]? UsdPerKg, double[]? UsdPerKWh,
        double[] LithiumShare, double[] Floor, double[]? LearningFactor);

    private void Bind(TrialInputs inputs)
    {
        if (ReferenceEquals(inputs, _boundInputs)) return;
        var v = inputs.Values;
        double[]? Column(int index) => index >= 0 ? v[index] : null;
        _plantMaterials = _m.Plants.Select(plant => plant.Materials.Select(mat => new MaterialColumns(
            mat.IsFlat ? null : Column(mat.KgPerKWh), mat.IsFlat ? null : Column(mat.UsdPerKg),
            mat.IsFlat ? Column(mat.UsdPerKWh) : null, v[mat.LithiumShare], v[mat.Floor],
            mat.LearningSlot >= 0 ? _materialFactor[mat.LearningSlot] : null)).ToArray()).ToArray();
        _boundInputs = inputs;
    }

    private double[][] Columns(int n) => Enumerable.Range(0, n).Select(_ => new double[_cap]).ToArray();

    /// <summary>Runs the trials in <paramref name="inputs"/> and hands every metric column to <paramref name="sink"/>.</summary>
    public void Run(TrialInputs inputs, long firstTrial, IChunkSink sink)
    {
        int n = inputs.Count;
        var v = inputs.Values;
        Bind(inputs);
        sink.BeginChunk(firstTrial, n);
        Prepare(v, n);
        for (int y = 0; y < _years; y++)
        {
            int t = _m.StartYear + y;
            RouteLearning(y, n);
            foreach (var sums in _sums) foreach (var col in sums) Array.Clear(col, 0, n);
            for (int p = 0; p < _m.Plants.Length; p++) Plant(p, t, y, v, n, sink);
            for (int g = 0; g < _groups; g++) Group(g, y, n, sink);
            for (int r = 0; r < _m.Routes.Length; r++)
            {
                var q = _q[r];
                var output = _sums[_m.Entities.RouteBase + r][SumG];
                for (int k = 0; k < n; k++) q[k] += output[k];
            }
            Benchmark(y, v, n, sink);
        }
        sink.EndChunk();
    }

    private void Prepare(double[][] v, int n)
    {
        for (int r = 0; r < _m.Routes.Length; r++)
        {
            var route = _m.Routes[r];
            Array.Fill(_q[r], route.CumulativeGWh0, 0, n);
            LearningExponent(v[route.ProcessRate], _bProcess[r], n);
        }
        int slot = 0;
        foreach (var route in _m.Routes)
            foreach (int rate in route.MaterialLearningRates)
                LearningExponent(v[rate], _bMaterial[slot++], n);

        for (int g = 0; g < _m.Regions.Length; g++)
        {
            var region = _m.Regions[g];
            double[] wacc = v[region.Wacc], years = v[region.DepreciationYears], crf = _crf[g];
            for (int k = 0; k < n; k++) crf[k] = CapitalRecovery(wacc[k], years[k]);
        }
        for (int p = 0; p < _m.Plants.Length; p++)
        {
            double[] x = v[_m.Plants[p].Delay];
            int[] d = _delay[p];
            for (int k = 0; k < n; k++) d[k] = (int)Math.Max(0, Math.Floor(x[k] + 0.5));
            Array.Clear(_plantCumulative[p], 0, n);
        }
        foreach (var c in _groupCumulative) Array.Clear(c, 0, n);
    }

    /// <summary>b(rate) = −log2(1 − rate), the exponent of a learning curve.</summary>
    private static void LearningExponent(double[] rate, double[] b, int n)
    {
        for (int k = 0; k < n; k++) b[k] = -Math.Log2(1 - rate[k]);
    }

    /// <summary>CRF(i, n) = i(1+i)^n / ((1+i)^n − 1), and 1/n when i = 0.</summary>
    public static double CapitalRecovery(double i, double years)
    {
        if (i == 0) return 1 / years;
        double growth = Math.Pow(1 + i, years);
        return i * growth / (growth - 1);
    }

    /// <summary>
    /// L_r(t) = (Q_r(t)/Q_r(T0))^(−b) for the process and each learning material of every route, as
    /// exp(−b·ln(Q/Q0)) with one logarithm per route and vectorised exp.
    /// </summary>
    private void RouteLearning(int y, int n)
    {
        for (int r = 0; r < _m.Routes.Length; r++)
        {
            double[] learning = _learningByYear[r][y];
            if (y == 0) { Array.Fill(learning, 1.0, 0, n); continue; }
            double q0 = _m.Routes[r].CumulativeGWh0;
            double[] q = _q[r], b = _bProcess[r], logRatio = _logRatio[r];
            for (int k = 0; k < n; k++) logRatio[k] = q[k] / q0;
            ColumnMath.Log(logRatio.AsSpan(0, n));
            for (int k = 0; k < n; k++) learning[k] = -b[k] * logRatio[k];
            ColumnMath.Exp(learning.AsSpan(0, n));
        }
        for (int s = 0; s < _learningSlots; s++)
        {
            double[] factor = _materialFactor[s];
            if (y == 0) { Array.Fill(factor, 1.0, 0, n); continue; }
            double[] b = _bMaterial[s], logRatio = _logRatio[_learningRoute[s]];
            for (int k = 0; k < n; k++) factor[k] = -b[k] * logRatio[k];
            ColumnMath.Exp(factor.AsSpan(0, n));
        }
    }

    private void Plant(int p, int t, int y, double[][] v, int n, IChunkSink sink)
    {
        var plant = _m.Plants[p];
        var region = _m.Regions[plant.Region];
        int[] delay = _delay[p];
        double[] vintage = _vintage[p], cumulative = _plantCumulative[p], learning = _learningByYear[plant.Route][y];
        double[] nameplates = _nameplate, ages = _age, ramp = _rampDecay, decay = _yieldDecay;
        double[] rampTau = v[plant.RampTau], yieldTau = v[plant.YieldTau];
        int firstYear = _m.StartYear;

        // Pass 1: which trials have the plant active, its nameplate, and the exponents of ramp and yield.
        bool any = false;
        for (int k = 0; k < n; k++)
        {
            int d = delay[k];
            int sop = plant.AnnouncedSop + d;
            int age = t - sop;
            if (t == Math.Max(sop, firstYear))
            {
                // Capex vintage: fixed at the route's learning level in the plant's realised SOP year.
                double capex = v[plant.Capex][k], floor = v[plant.CapexFloor][k];
                vintage[k] = v[region.CapexMultiplier][k] * (floor + (capex - floor) * learning[k]);
            }
            double nameplate = 0;
            for (int i = plant.CapacityYears.Length - 1; i >= 0; i--)
                if (plant.CapacityYears[i] + d <= t) { nameplate = v[plant.CapacityGwh[i]][k]; break; }
            bool active = age >= 0 && nameplate > 0;
            any |= active;
            nameplates[k] = active ? nameplate : 0;
            ages[k] = age;
            // τ = 0 means "at once": exp(−∞) = 0 gives u = utilizationMax and y = yield.mature.
            ramp[k] = active ? (rampTau[k] == 0 ? double.NegativeInfinity : -(age + 1) / rampTau[k]) : 0;
            decay[k] = active ? (yieldTau[k] == 0 ? double.NegativeInfinity : -age / yieldTau[k]) : 0;
        }
        if (!any)
        {
            Inactive(cumulative, n);
            Emit(_m.Entities.PlantBase + p, y, n, sink);
            return;
        }
        ColumnMath.Exp(ramp.AsSpan(0, n));
        ColumnMath.Exp(decay.AsSpan(0, n));

        // Pass 2: output, costs and the group sums of the active trials.
        double[] uMax = v[region.UtilizationMax], y0 = v[plant.YieldInitial], yM = v[plant.YieldMature];
        double[] energyUse = v[plant.ProcessEnergy], electricity = v[region.Electricity];
        double[] laborHours = v[plant.LaborHours], wage = v[region.Labor], depreciation = v[region.DepreciationYears];
        double[] opexRate = v[region.FixedOpexRate], dryRoom = v[plant.DryRoom], subsidy = v[region.Subsidy];
        double[] crf = _crf[plant.Region], lambda = v[_m.Lambda];
        var materials = _plantMaterials[p];
        double[][] world = _sums[0], route = _sums[_m.Entities.RouteBase + plant.Route],
            regionSums = _sums[_m.Entities.RegionBase + plant.Region];
        double[] c0 = _columns[0], c1 = _columns[1], c2 = _columns[2], c3 = _columns[3], c4 = _columns[4],
            c5 = _columns[5], c6 = _columns[6], c7 = _columns[7], c8 = _columns[8], c9 = _columns[9],
            c10 = _columns[10], c11 = _columns[11];

        for (int k = 0; k < n; k++)
        {
            double nameplate = nameplates[k];
            if (nameplate == 0)
            {
                c0[k] = 0; c1[k] = 0; c2[k] = cumulative[k];
                c3[k] = c4[k] = c5[k] = c6[k] = c7[k] = c8[k] = c9[k] = c10[k] = c11[k] = double.NaN;
                continue;
            }
            double utilization = uMax[k] * (1 - ramp[k]);
            double yield = yM[k] - (yM[k] - y0[k]) * decay[k];
            double processed = nameplate * utilization;
            double output = processed * yield;
            cumulative[k] += output;
            c0[k] = nameplate; c1[k] = output; c2[k] = cumulative[k]; c3[k] = utilization;
            world[SumK][k] += nameplate; world[SumX][k] += processed; world[SumG][k] += output;
            route[SumK][k] += nameplate; route[SumX][k] += processed; route[SumG][k] += output;
            regionSums[SumK][k] += nameplate; regionSums[SumX][k] += processed; regionSums[SumG][k] += output;
            if (!(output > 0))
            {
                c4[k] = c5[k] = c6[k] = c7[k] = c8[k] = c9[k] = c10[k] = c11[k] = double.NaN;
                continue;
            }

            double perGood = 1 / yield, perUsedGood = 1 / (utilization * yield), lam = lambda[k];
            double bill = 0;
            foreach (var mat in materials)
            {
                double share = mat.LithiumShare[k];
                double lithiumFactor = 1 - share + share * lam;
                if (mat.UsdPerKWh is { } flat) { bill += flat[k] * lithiumFactor; continue; }
                double price = mat.UsdPerKg![k];
                if (mat.LearningFactor is { } factor)
                {
                    double floor = mat.Floor[k];
                    price = floor + (price - floor) * factor[k];
                }
                bill += mat.KgPerKWh![k] * price * lithiumFactor;
            }
            double materialCost = bill * perGood;
            double energy = energyUse[k] * electricity[k] * perGood;
            double labor = laborHours[k] * learning[k] * wage[k] * perGood;
            double capital = ages[k] < depreciation[k] ? vintage[k] * crf[k] * perUsedGood : 0;
            double fixedCost = (opexRate[k] * vintage[k] + dryRoom[k]) * perUsedGood;
            double subsidyValue = subsidy[k];
            double cost = materialCost + energy + labor + capital + fixedCost - subsidyValue;

            c4[k] = yield; c5[k] = cost; c6[k] = materialCost; c7[k] = energy; c8[k] = labor;
            c9[k] = capital; c10[k] = fixedCost; c11[k] = subsidyValue;
            AddWeighted(world, k, output, cost, materialCost, energy, labor, capital, fixedCost, subsidyValue);
            AddWeighted(route, k, output, cost, materialCost, energy, labor, capital, fixedCost, subsidyValue);
            AddWeighted(regionSums, k, output, cost, materialCost, energy, labor, capital, fixedCost, subsidyValue);
        }
        Emit(_m.Entities.PlantBase + p, y, n, sink);
    }

    private static void AddWeighted(double[][] sums, int k, double g, double cost, double materials, double energy,
        double labor, double capital, double fixedCost, double subsidy)
    {
        sums[SumCost][k] += g * cost;
        sums[SumCost + 1][k] += g * materials;
        sums[SumCost + 2][k] += g * energy;
        sums[SumCost + 3][k] += g * labor;
        sums[SumCost + 4][k] += g * capital;
        sums[SumCost + 5][k] += g * fixedCost;
        sums[SumCost + 6][k] += g * subsidy;
    }

    private void Inactive(double[] cumulative, int n)
    {
        Array.Clear(_columns[0], 0, n);
        Array.Clear(_columns[1], 0, n);
        Array.Copy(cumulative, _columns[2], n);
        for (int m = 3; m < Metrics.Count; m++) Array.Fill(_columns[m], double.NaN, 0, n);
    }

    /// <summary>A group's metrics from its sums: G-weighted cost means, yield G/X, utilisation X/K.</summary>
    private void Group(int g, int y, int n, IChunkSink sink)
    {
        double[][] s = _sums[g];
        double[] cumulative = _groupCumulative[g];
        var c = _columns;
        for (int k = 0; k < n; k++)
        {
            double nameplate = s[SumK][k], processed = s[SumX][k], output = s[SumG][k];
            cumulative[k] += output;
            c[0][k] = nameplate; c[1][k] = output; c[2][k] = cumulative[k];
            c[3][k] = nameplate > 0 ? processed / nameplate : double.NaN;
            if (output > 0)
            {
                c[4][k] = output / processed;
                for (int m = 0; m < Metrics.CostComponentCount; m++) c[5 + m][k] = s[SumCost + m][k] / output;
            }
            else
            {
                for (int m = 4; m < Metrics.Count; m++) c[m][k] = double.NaN;
            }
        }
        Emit(g, y, n, sink);
    }

    private void Emit(int entity, int y, int n, IChunkSink sink)
    {
        for (int m = 0; m < Metrics.Count; m++) sink.Accept(entity, (Metric)m, y, _columns[m].AsSpan(0, n));
    }

    /// <summary>B(t) = startUsdPerKWh·(1 + annualChange)^(t − T0).</summary>
    private void Benchmark(int y, double[][] v, int n, IChunkSink sink)
    {
        double[] start = v[_m.BenchmarkStart], change = v[_m.BenchmarkChange], column = _columns[0];
        for (int k = 0; k < n; k++) column[k] = start[k] * Math.Pow(1 + change[k], y);
        sink.Accept(_m.Entities.BenchmarkIndex, Metric.CostUsdPerKWh, y, column.AsSpan(0, n));
    }
}
