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
        _vintage, _lambdaShare;
    private readonly double[][][] _learningByYear; // [route][year][trial]
    private readonly double[][][] _sums;           // [group][field][trial]
    private readonly int[][] _delay;
    private readonly double[][] _columns;          // one per metric
    private readonly int[] _learningRoute;

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
        _lambdaShare = Columns(1);
        _learningByYear = Enumerable.Range(0, routes).Select(_ => Columns(_years)).ToArray();
        _sums = Enumerable.Range(0, _groups).Select(_ => Columns(SumFields)).ToArray();
        _delay = Enumerable.Range(0, plants).Select(_ => new int[capacity]).ToArray();
        _columns = Columns(Metrics.Count);
    }

    private double[][] Columns(int n) => Enumerable.Range(0, n).Select(_ => new double[_cap]).ToArray();

    /// <summary>Runs the trials in <paramref name="inputs"/> and hands every metric column to <paramref name="sink"/>.</summary>
    public void Run(TrialInputs inputs, long firstTrial, IChunkSink sink)
    {
        int n = inputs.Count;
        var v = inputs.Values;
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

    /// <summary>L_r(t) = (Q_r(t)/Q_r(T0))^(−b) for the process and each learning material of every route.</summary>
    private void RouteLearning(int y, int n)
    {
        for (int r = 0; r < _m.Routes.Length; r++)
        {
            double q0 = _m.Routes[r].CumulativeGWh0;
            double[] q = _q[r], b = _bProcess[r], learning = _learningByYear[r][y];
            if (y == 0) { Array.Fill(learning, 1.0, 0, n); continue; }
            for (int k = 0; k < n; k++) learning[k] = Math.Pow(q[k] / q0, -b[k]);
        }
        for (int s = 0; s < _learningSlots; s++)
        {
            int r = _learningRoute[s];
            double q0 = _m.Routes[r].CumulativeGWh0;
            double[] q = _q[r], b = _bMaterial[s], factor = _materialFactor[s];
            if (y == 0) { Array.Fill(factor, 1.0, 0, n); continue; }
            for (int k = 0; k < n; k++) factor[k] = Math.Pow(q[k] / q0, -b[k]);
        }
    }

    private void Plant(int p, int t, int y, double[][] v, int n, IChunkSink sink)
    {
        var plant = _m.Plants[p];
        var region = _m.Regions[plant.Region];
        int[] delay = _delay[p];
        double[] vintage = _vintage[p], cumulative = _plantCumulative[p];
        double[] learning = _learningByYear[plant.Route][y];
        double[] lambda = v[_m.Lambda];
        double[][] world = _sums[0], route = _sums[_m.Entities.RouteBase + plant.Route],
            regionSums = _sums[_m.Entities.RegionBase + plant.Region];
        var c = _columns;
        int firstYear = _m.StartYear;

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

            if (age < 0 || !(nameplate > 0))
            {
                c[0][k] = 0; c[1][k] = 0; c[2][k] = cumulative[k];
                for (int m = 3; m < Metrics.Count; m++) c[m][k] = double.NaN;
                continue;
            }

            double uMax = v[region.UtilizationMax][k], rampTau = v[plant.RampTau][k];
            double utilization = rampTau == 0 ? uMax : uMax * (1 - Math.Exp(-(age + 1) / rampTau));
            double y0 = v[plant.YieldInitial][k], yM = v[plant.YieldMature][k], yieldTau = v[plant.YieldTau][k];
            double yield = yieldTau == 0 ? yM : yM - (yM - y0) * Math.Exp(-age / yieldTau);
            double processed = nameplate * utilization;
            double output = processed * yield;
            cumulative[k] += output;

            c[0][k] = nameplate; c[1][k] = output; c[2][k] = cumulative[k]; c[3][k] = utilization;
            world[SumK][k] += nameplate; world[SumX][k] += processed; world[SumG][k] += output;
            route[SumK][k] += nameplate; route[SumX][k] += processed; route[SumG][k] += output;
            regionSums[SumK][k] += nameplate; regionSums[SumX][k] += processed; regionSums[SumG][k] += output;

            if (!(output > 0))
            {
                for (int m = 4; m < Metrics.Count; m++) c[m][k] = double.NaN;
                continue;
            }

            double perGood = 1 / yield, perUsedGood = 1 / (utilization * yield), lam = lambda[k];
            double materials = 0;
            foreach (var mat in plant.Materials)
            {
                double share = v[mat.LithiumShare][k];
                double lithiumFactor = 1 - share + share * lam;
                if (mat.IsFlat) { materials += v[mat.UsdPerKWh][k] * lithiumFactor; continue; }
                double price = v[mat.UsdPerKg][k];
                if (mat.LearningSlot >= 0)
                {
                    double floor = v[mat.Floor][k];
                    price = floor + (price - floor) * _materialFactor[mat.LearningSlot][k];
                }
                materials += v[mat.KgPerKWh][k] * price * lithiumFactor;
            }
            materials *= perGood;
            double energy = v[plant.ProcessEnergy][k] * v[region.Electricity][k] * perGood;
            double labor = v[plant.LaborHours][k] * learning[k] * v[region.Labor][k] * perGood;
            double capital = age < v[region.DepreciationYears][k] ? vintage[k] * _crf[plant.Region][k] * perUsedGood : 0;
            double fixedCost = (v[region.FixedOpexRate][k] * vintage[k] + v[plant.DryRoom][k]) * perUsedGood;
            double subsidy = v[region.Subsidy][k];
            double cost = materials + energy + labor + capital + fixedCost - subsidy;

            c[4][k] = yield; c[5][k] = cost; c[6][k] = materials; c[7][k] = energy; c[8][k] = labor;
            c[9][k] = capital; c[10][k] = fixedCost; c[11][k] = subsidy;
            for (int m = 0; m < Metrics.CostComponentCount; m++)
            {
                double weighted = output * c[5 + m][k];
                world[SumCost + m][k] += weighted; route[SumCost + m][k] += weighted; regionSums[SumCost + m][k] += weighted;
            }
        }
        Emit(_m.Entities.PlantBase + p, y, n, sink);
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
