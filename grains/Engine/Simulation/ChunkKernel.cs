namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// The dynamics of model-spec section 4 over a chunk of trials at once: loops run over trials inside
/// each (year, route/plant) step, so every column stays hot in cache. Years run in order because a
/// route's learning in year t+1 depends on its plants' output in year t. One kernel per worker thread.
/// The steps compute whole vectors: a chunk of n trials is computed over <see cref="ColumnMath.PaddedLength"/>(n)
/// lanes, and only the first n values of a column are handed to the sink. The padded lanes hold garbage, so
/// nothing in which lanes meet may see them: exp and log run over the n trials only (<see cref="ColumnMath.Exp"/>
/// explains why), and a plant is never active in a padded lane (<see cref="PlantStep"/>).
/// </summary>
public sealed class ChunkKernel : IChunkKernel
{
    private readonly CompiledModel _m;
    private readonly int _cap, _length, _years, _groups, _learningSlots; // _length: _cap padded to whole vectors
    private readonly double[][] _q, _bProcess, _bMaterial, _materialFactor, _crf, _groupCumulative, _logRatio;
    private readonly double[][][] _learningByYear; // [route][year][trial]
    private readonly GroupSums[] _sums;            // world, routes, regions: the entity indices below PlantBase
    private readonly PlantStep[] _plants;
    private readonly MetricColumns _columns;
    private readonly int[] _learningRoute;
    private TrialInputs? _boundInputs;

    public ChunkKernel(CompiledModel model, int capacity)
    {
        _m = model;
        _cap = capacity;
        _length = ColumnMath.PaddedLength(capacity);
        _years = model.YearCount;
        _groups = model.Entities.PlantBase;
        int routes = model.Routes.Length;
        _learningSlots = model.Routes.Sum(r => r.MaterialLearningRates.Length);
        _learningRoute = model.Routes.SelectMany((r, i) => r.MaterialLearningRates.Select(_ => i)).ToArray();

        _q = Columns(routes);
        _bProcess = Columns(routes);
        _bMaterial = Columns(_learningSlots);
        _materialFactor = Columns(_learningSlots);
        _crf = Columns(model.Regions.Length);
        _groupCumulative = Columns(_groups);
        _logRatio = Columns(routes);
        _learningByYear = Enumerable.Range(0, routes).Select(_ => Columns(_years)).ToArray();
        _sums = Enumerable.Range(0, _groups).Select(_ => new GroupSums(_length)).ToArray();
        _plants = model.Plants.Select(p => new PlantStep(p, _length)).ToArray();
        _columns = new MetricColumns(_length);
    }

    private double[][] Columns(int n) => Enumerable.Range(0, n).Select(_ => new double[_length]).ToArray();

    /// <summary>Runs the trials in <paramref name="inputs"/> and hands every metric column to <paramref name="sink"/>.</summary>
    public void Run(TrialInputs inputs, long firstTrial, IChunkSink sink)
    {
        int n = inputs.Count;
        // The vectorised loops index without bounds checks: every column they touch, the kernel's and the inputs'
        // (n ≤ inputs.Capacity), holds PaddedLength(n) values.
        if (n > _cap) throw new ArgumentException($"a chunk of {n} trials does not fit a kernel of {_cap}", nameof(inputs));
        int width = ColumnMath.PaddedLength(n);
        var v = inputs.Values;
        Bind(inputs);
        sink.BeginChunk(firstTrial, n);
        Prepare(v, n, width);
        var entities = _m.Entities;
        for (int y = 0; y < _years; y++)
        {
            int t = _m.StartYear + y;
            RouteLearning(y, n, width);
            foreach (var sums in _sums) sums.Clear(width);
            for (int p = 0; p < _plants.Length; p++)
            {
                var step = _plants[p];
                step.Year(t, _m.StartYear, _learningByYear[step.Slots.Route][y], _materialFactor, _columns,
                    _sums[0], _sums[entities.RouteBase + step.Slots.Route], _sums[entities.RegionBase + step.Slots.Region], n);
                Emit(entities.PlantBase + p, y, n, sink);
            }
            for (int g = 0; g < _groups; g++) Group(g, y, n, sink);
            for (int r = 0; r < _m.Routes.Length; r++)
            {
                // Q_r(t+1) = Q_r(t) + Σ G_p(t) over the route's plants.
                var q = _q[r];
                var output = _sums[entities.RouteBase + r].Field(GroupSums.G, width);
                for (int k = 0; k < width; k++) q[k] += output[k];
            }
            Benchmark(y, v, n, sink);
        }
        sink.EndChunk();
    }

    private void Bind(TrialInputs inputs)
    {
        if (ReferenceEquals(inputs, _boundInputs)) return;
        foreach (var step in _plants) step.Bind(inputs.Values, _m.Regions[step.Slots.Region], _crf[step.Slots.Region]);
        _boundInputs = inputs;
    }

    /// <summary>Per chunk, over all <paramref name="width"/> lanes, like every step that works lane by lane: the vector bodies read them all.</summary>
    private void Prepare(double[][] v, int n, int width)
    {
        for (int r = 0; r < _m.Routes.Length; r++)
        {
            var route = _m.Routes[r];
            Array.Fill(_q[r], route.CumulativeGWh0, 0, width);
            LearningExponent(v[route.ProcessRate], _bProcess[r], width);
        }
        int slot = 0;
        foreach (var route in _m.Routes)
            foreach (int rate in route.MaterialLearningRates)
                LearningExponent(v[rate], _bMaterial[slot++], width);

        for (int g = 0; g < _m.Regions.Length; g++)
        {
            var region = _m.Regions[g];
            double[] wacc = v[region.Wacc], years = v[region.DepreciationYears], crf = _crf[g];
            for (int k = 0; k < width; k++) crf[k] = CapitalRecovery(wacc[k], years[k]);
        }
        foreach (var step in _plants) step.Prepare(v, _m.Regions[step.Slots.Region], v[_m.Lambda], n);
        foreach (var c in _groupCumulative) Array.Clear(c, 0, width);
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
    private void RouteLearning(int y, int n, int width)
    {
        for (int r = 0; r < _m.Routes.Length; r++)
        {
            double[] learning = _learningByYear[r][y];
            if (y == 0) { Array.Fill(learning, 1.0, 0, width); continue; }
            double q0 = _m.Routes[r].CumulativeGWh0;
            double[] q = _q[r], b = _bProcess[r], logRatio = _logRatio[r];
            for (int k = 0; k < width; k++) logRatio[k] = q[k] / q0;
            ColumnMath.Log(logRatio.AsSpan(0, n));
            for (int k = 0; k < width; k++) learning[k] = -b[k] * logRatio[k];
            ColumnMath.Exp(learning.AsSpan(0, n));
        }
        for (int s = 0; s < _learningSlots; s++)
        {
            double[] factor = _materialFactor[s];
            if (y == 0) { Array.Fill(factor, 1.0, 0, width); continue; }
            double[] b = _bMaterial[s], logRatio = _logRatio[_learningRoute[s]];
            for (int k = 0; k < width; k++) factor[k] = -b[k] * logRatio[k];
            ColumnMath.Exp(factor.AsSpan(0, n));
        }
    }

    /// <summary>A group's metrics from its sums: G-weighted cost means, yield G/X, utilisation X/K.</summary>
    private void Group(int g, int y, int n, IChunkSink sink)
    {
        var s = _sums[g];
        ReadOnlySpan<double> nameplates = s.Field(GroupSums.K, n), processed = s.Field(GroupSums.X, n), outputs = s.Field(GroupSums.G, n);
        double[] cumulative = _groupCumulative[g];
        for (int k = 0; k < n; k++) cumulative[k] += outputs[k];
        var c = _columns;
        ColumnMath.RatioWherePositive(nameplates, processed, nameplates, c[Metric.Utilization].AsSpan(0, n));
        ColumnMath.RatioWherePositive(outputs, outputs, processed, c[Metric.Yield].AsSpan(0, n));
        for (int m = 0; m < Metrics.CostComponentCount; m++)
            ColumnMath.RatioWherePositive(outputs, s.Field(GroupSums.WeightedCost + m, n), outputs, c[Metric.CostUsdPerKWh + m].AsSpan(0, n));
        // The sums are the first three metrics as they stand: handed over without a copy.
        sink.Accept(g, Metric.CapacityGWh, y, nameplates);
        sink.Accept(g, Metric.OutputGWh, y, outputs);
        sink.Accept(g, Metric.CumulativeOutputGWh, y, cumulative.AsSpan(0, n));
        for (var m = Metric.Utilization; m < (Metric)Metrics.Count; m++) sink.Accept(g, m, y, c[m].AsSpan(0, n));
    }

    private void Emit(int entity, int y, int n, IChunkSink sink)
    {
        for (var m = Metric.CapacityGWh; m < (Metric)Metrics.Count; m++) sink.Accept(entity, m, y, _columns[m].AsSpan(0, n));
    }

    /// <summary>B(t) = startUsdPerKWh·(1 + annualChange)^(t − T0).</summary>
    private void Benchmark(int y, double[][] v, int n, IChunkSink sink)
    {
        double[] start = v[_m.BenchmarkStart], change = v[_m.BenchmarkChange], column = _columns[Metric.CostUsdPerKWh];
        for (int k = 0; k < n; k++) column[k] = start[k] * Math.Pow(1 + change[k], y);
        sink.Accept(_m.Entities.BenchmarkIndex, Metric.CostUsdPerKWh, y, column.AsSpan(0, n));
    }
}
