using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Statistics;

/// <summary>
/// Everything a batch reports, accumulated chunk by chunk and mergeable: the statistics of every
/// (entity, metric, year), per-route milestone year histograms and paired comparison tallies.
/// A worker thread or a grain owns one; partial accumulators merge into the batch's.
/// </summary>
public sealed class BatchAccumulator : IChunkSink
{
    private readonly CompiledModel _model;
    private readonly int _years;
    private readonly SeriesAccumulator?[] _series;
    private readonly SeriesAccumulator?[] _steps;      // v2: [row][step metric][year]
    // v2 milestones: readiness slots (routes with chain readiness, then options), then each option's adoption.
    private readonly long[][] _readinessYears, _adoptedYears;
    // _milestoneYears[route][milestone][year index, or yearCount for "never"]: trial counts.
    private readonly long[][][] _milestoneYears;
    private readonly ComparisonTally[][] _comparisons; // [spec][year]
    private readonly RetainedColumns _retained;
    private readonly ColumnKey[] _comparisonA, _comparisonB;
    private readonly double[] _delta;
    private int _chunkCount;

    public long Trials { get; private set; }

    /// <param name="retain">more columns to keep per chunk (a strategy set pairs them across members).</param>
    public BatchAccumulator(CompiledModel model, int chunkCapacity, IEnumerable<ColumnKey>? retain = null)
    {
        _model = model;
        _years = model.YearCount;
        var entities = model.Entities;
        _series = new SeriesAccumulator?[entities.Count * Metrics.ReportedCount * _years];
        foreach (var e in entities.All)
            for (int m = 0; m < Metrics.ReportedCount; m++)
                if (e.HasMetric((Metric)m))
                    for (int y = 0; y < _years; y++) _series[SeriesIndex(e.Index, (Metric)m, y)] = new SeriesAccumulator(IsDiscrete((Metric)m));
        var rows = model.Process?.Layout.Rows ?? [];
        _steps = new SeriesAccumulator?[rows.Count * StepMetrics.Count * _years];
        foreach (var row in rows)
            for (int m = 0; m < StepMetrics.Count; m++)
                if (row.HasMetric((StepMetric)m))
                    for (int y = 0; y < _years; y++) _steps[StepIndex(row.Index, (StepMetric)m, y)] = new SeriesAccumulator(false);
        _readinessYears = (model.Process?.ReadinessSlots ?? []).Select(_ => new long[_years + 1]).ToArray();
        _adoptedYears = model.Scenario.Options.Select(_ => new long[_years + 1]).ToArray();

        _milestoneYears = model.Scenario.Routes.Select(_ =>
            Enumerable.Range(0, Milestones.Count).Select(_ => new long[_years + 1]).ToArray()).ToArray();

        var specs = model.Scenario.Comparisons;
        _comparisonA = specs.Select(c => ColumnKey.Of(model, c.A, c.Metric, c.Step)).ToArray();
        _comparisonB = specs.Select(c => ColumnKey.Of(model, c.B, c.Metric, c.Step)).ToArray();
        _comparisons = specs.Select(_ => Enumerable.Range(0, _years).Select(_ => new ComparisonTally()).ToArray()).ToArray();

        var keep = new List<ColumnKey>();
        for (int r = 0; r < model.Scenario.Routes.Count; r++)
        {
            keep.Add(ColumnKey.Series(entities.RouteBase + r, Metric.OutputGWh));
            keep.Add(ColumnKey.Series(entities.RouteBase + r, Metric.CostUsdPerKWh));
        }
        keep.Add(ColumnKey.Series(entities.BenchmarkIndex, Metric.CostUsdPerKWh));
        for (int o = 0; o < _adoptedYears.Length; o++) keep.Add(ColumnKey.Series(entities.OptionBase + o, Metric.AdoptedOutputGWh));
        keep.AddRange(_comparisonA);
        keep.AddRange(_comparisonB);
        if (retain is not null) keep.AddRange(retain);
        _retained = new RetainedColumns(keep, _years, chunkCapacity);
        _delta = new double[chunkCapacity];
    }

    /// <summary>Metrics that take few distinct values in practice: their quantiles are kept exact.</summary>
    private static bool IsDiscrete(Metric m) => m is Metric.CapacityGWh or Metric.SubsidyUsdPerKWh;

    private int SeriesIndex(int entity, Metric metric, int year) => (entity * Metrics.ReportedCount + (int)metric) * _years + year;

    private int StepIndex(int row, StepMetric metric, int year) => (row * StepMetrics.Count + (int)metric) * _years + year;

    public SeriesAccumulator? Series(int entity, Metric metric, int year) => _series[SeriesIndex(entity, metric, year)];

    public SeriesAccumulator? Step(int row, StepMetric metric, int year) => _steps[StepIndex(row, metric, year)];

    /// <summary>v2: trial counts by the year index a readiness slot was reached (index yearCount: never).</summary>
    public IReadOnlyList<long> ReadinessYears(int slot) => _readinessYears[slot];

    /// <summary>v2: trial counts by the first year index an option had adopted output (yearCount: never).</summary>
    public IReadOnlyList<long> AdoptedYears(int option) => _adoptedYears[option];

    /// <summary>The columns of the current chunk kept for milestones and comparisons (a strategy set pairs members' columns).</summary>
    internal RetainedColumns Retained => _retained;

    /// <summary>Trial counts by the year index a route first reached a milestone; index yearCount means never.</summary>
    public IReadOnlyList<long> MilestoneYears(int route, Milestone milestone) => _milestoneYears[route][(int)milestone];

    public ComparisonTally Comparison(int spec, int year) => _comparisons[spec][year];

    public void BeginChunk(long firstTrial, int count) => _chunkCount = count;

    public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
    {
        _series[SeriesIndex(entity, metric, yearIndex)]?.Add(values);
        _retained.Offer(ColumnKey.Series(entity, metric), yearIndex, values);
    }

    public void AcceptStep(int row, StepMetric metric, int yearIndex, ReadOnlySpan<double> values)
    {
        _steps[StepIndex(row, metric, yearIndex)]?.Add(values);
        _retained.Offer(ColumnKey.StepOf(row, metric), yearIndex, values);
    }

    public void AcceptReadiness(int slot, ReadOnlySpan<double> years)
    {
        var counts = _readinessYears[slot];
        int start = _model.StartYear;
        foreach (double year in years)
        {
            // A readiness before T0 is reached in T0; after the horizon (or 2101, never) it is never reached.
            int index = year <= start ? 0 : year - start < _years ? (int)(year - start) : _years;
            counts[index]++;
        }
    }

    public void EndChunk()
    {
        int n = _chunkCount;
        TallyMilestones(n);
        TallyAdoption(n);
        for (int i = 0; i < _comparisons.Length; i++)
            for (int y = 0; y < _years; y++)
                TallyComparison(i, y, n);
        Trials += n;
    }

    private void TallyMilestones(int n)
    {
        var targets = _model.Scenario.Targets;
        var benchmark = _retained.Get(ColumnKey.Series(_model.Entities.BenchmarkIndex, Metric.CostUsdPerKWh));
        for (int r = 0; r < _milestoneYears.Length; r++)
        {
            int entity = _model.Entities.RouteBase + r;
            var output = _retained.Get(ColumnKey.Series(entity, Metric.OutputGWh));
            var cost = _retained.Get(ColumnKey.Series(entity, Metric.CostUsdPerKWh));
            var tallies = _milestoneYears[r];
            for (int k = 0; k < n; k++)
            {
                int first = _years, threshold = _years, parity = _years, mass = _years;
                for (int y = 0; y < _years; y++)
                {
                    double g = output[y][k], c = cost[y][k];
                    if (g > 0)
                    {
                        if (first == _years) first = y;
                        if (threshold == _years && c <= targets.CostThresholdUsdPerKWh) threshold = y;
                        if (parity == _years && c <= benchmark[y][k]) parity = y;
                    }
                    if (mass == _years && g >= targets.MassProductionGWh) mass = y;
                }
                tallies[(int)Milestone.FirstOutput][first]++;
                tallies[(int)Milestone.CostThreshold][threshold]++;
                tallies[(int)Milestone.Parity][parity]++;
                tallies[(int)Milestone.MassProduction][mass]++;
            }
        }
    }

    private void TallyAdoption(int n)
    {
        for (int o = 0; o < _adoptedYears.Length; o++)
        {
            var output = _retained.Get(ColumnKey.Series(_model.Entities.OptionBase + o, Metric.AdoptedOutputGWh));
            for (int k = 0; k < n; k++)
            {
                int first = _years;
                for (int y = 0; y < _years && first == _years; y++)
                    if (output[y][k] > 0) first = y;
                _adoptedYears[o][first]++;
            }
        }
    }

    private void TallyComparison(int spec, int y, int n)
    {
        double[] a = _retained.Get(_comparisonA[spec])[y];
        double[] b = _retained.Get(_comparisonB[spec])[y];
        _comparisons[spec][y].Add(a.AsSpan(0, n), b.AsSpan(0, n), _delta);
    }

    /// <summary>
    /// A compact binary form of this partial result (sparse sketch buckets: about 970 KB for a 63,488-trial
    /// unit of the baseline), for grain messages and checkpoints. Only readable against the same compiled model.
    /// Not compressed: zlib shrank it only to 600 KB and tripled the time to write and merge it, time taken from
    /// the simulation on a busy silo.
    /// </summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(Trials);
            w.Write(_series.Length);
            foreach (var s in _series)
            {
                w.Write(s is not null);
                s?.Write(w);
            }
            w.Write(_steps.Length);
            foreach (var s in _steps)
            {
                w.Write(s is not null);
                s?.Write(w);
            }
            foreach (var counts in _readinessYears.Concat(_adoptedYears))
                foreach (long c in counts) w.Write(c);
            foreach (var route in _milestoneYears)
                foreach (var counts in route)
                    foreach (long c in counts) w.Write(c);
            foreach (var spec in _comparisons)
                foreach (var tally in spec)
                {
                    w.Write(tally.ALessThanB);
                    tally.Delta.Write(w);
                }
        }
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote for the same model.</summary>
    public static BatchAccumulator Deserialize(CompiledModel model, int chunkCapacity, byte[] data)
    {
        var acc = new BatchAccumulator(model, chunkCapacity);
        acc.MergeSerialized(data);
        return acc;
    }

    // 3: uncompressed (2 was the same bytes through zlib; its checkpoints are refused as an unknown version).
    // 4: with the v2 step series, readiness and adoption counts.
    private const int FormatVersion = 4;

    /// <summary>
    /// Merges a serialised partial result straight into this one. Unlike <see cref="Deserialize"/> followed
    /// by <see cref="Merge"/>, it never materialises a second accumulator (tens of MB for the baseline), which
    /// keeps a batch grain's merges cheap and its memory flat.
    /// </summary>
    public void MergeSerialized(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, writable: false));
        if (r.ReadInt32() != FormatVersion) throw new InvalidDataException("partial result of an unknown format version");
        long trials = r.ReadInt64();
        if (r.ReadInt32() != _series.Length) throw new InvalidDataException("partial result of a different scenario");
        for (int i = 0; i < _series.Length; i++)
            if (r.ReadBoolean()) _series[i]!.MergeFrom(r);
        if (r.ReadInt32() != _steps.Length) throw new InvalidDataException("partial result of a different scenario");
        for (int i = 0; i < _steps.Length; i++)
            if (r.ReadBoolean()) _steps[i]!.MergeFrom(r);
        foreach (var counts in _readinessYears.Concat(_adoptedYears))
            for (int y = 0; y < counts.Length; y++) counts[y] += r.ReadInt64();
        foreach (var route in _milestoneYears)
            foreach (var counts in route)
                for (int y = 0; y < counts.Length; y++) counts[y] += r.ReadInt64();
        foreach (var spec in _comparisons)
            foreach (var tally in spec)
            {
                tally.ALessThanB += r.ReadInt64();
                tally.Delta.MergeFrom(r);
            }
        Trials += trials;
    }

    /// <summary>Empties the accumulator and keeps its buffers, for a worker that runs unit after unit.</summary>
    public void Reset()
    {
        foreach (var s in _series) s?.Reset();
        foreach (var s in _steps) s?.Reset();
        foreach (var counts in _readinessYears.Concat(_adoptedYears)) Array.Clear(counts);
        foreach (var route in _milestoneYears)
            foreach (var counts in route) Array.Clear(counts);
        foreach (var spec in _comparisons)
            foreach (var tally in spec)
            {
                tally.ALessThanB = 0;
                tally.Delta.Reset();
            }
        Trials = 0;
    }

    /// <summary>Adds another partial result of the same model (another chunk range) into this one.</summary>
    public void Merge(BatchAccumulator other)
    {
        for (int i = 0; i < _series.Length; i++)
            if (_series[i] is { } s) s.Merge(other._series[i]!);
        for (int i = 0; i < _steps.Length; i++)
            if (_steps[i] is { } s) s.Merge(other._steps[i]!);
        for (int i = 0; i < _readinessYears.Length; i++)
            for (int y = 0; y <= _years; y++) _readinessYears[i][y] += other._readinessYears[i][y];
        for (int i = 0; i < _adoptedYears.Length; i++)
            for (int y = 0; y <= _years; y++) _adoptedYears[i][y] += other._adoptedYears[i][y];
        for (int r = 0; r < _milestoneYears.Length; r++)
            for (int m = 0; m < Milestones.Count; m++)
                for (int y = 0; y <= _years; y++)
                    _milestoneYears[r][m][y] += other._milestoneYears[r][m][y];
        for (int i = 0; i < _comparisons.Length; i++)
            for (int y = 0; y < _years; y++)
                _comparisons[i][y].Merge(other._comparisons[i][y]);
        Trials += other.Trials;
    }
}

/// <summary>A per-trial column a sink may keep: an entity's metric, or (v2) a step row's metric.</summary>
public readonly record struct ColumnKey(bool IsStep, int Index, int Metric)
{
    public static ColumnKey Series(int entity, Simulation.Metric metric) => new(false, entity, (int)metric);
    public static ColumnKey StepOf(int row, StepMetric metric) => new(true, row, (int)metric);

    /// <summary>The column of a comparison side: <paramref name="step"/> names the step of a step metric.</summary>
    internal static ColumnKey Of(CompiledModel model, string entity, string metric, string? step)
    {
        if (step is not null && StepMetrics.TryParse(metric, out var sm) && model.Process is { } plan
            && plan.Layout.TryFindRow(entity, step, out int row))
            return StepOf(row, sm);
        if (Metrics.TryParseReported(metric, out var m)) return Series(model.Entities.IndexOf(entity), m);
        throw new ArgumentException($"unknown metric '{metric}'");
    }
}

/// <summary>Per-trial columns of the current chunk kept for milestones and comparisons: [year][trial].</summary>
internal sealed class RetainedColumns
{
    private readonly Dictionary<ColumnKey, double[][]> _columns = new();

    public RetainedColumns(IEnumerable<ColumnKey> keys, int years, int capacity)
    {
        foreach (var key in keys)
            if (!_columns.ContainsKey(key))
                _columns[key] = Enumerable.Range(0, years).Select(_ => new double[capacity]).ToArray();
    }

    public void Offer(ColumnKey key, int year, ReadOnlySpan<double> values)
    {
        if (_columns.TryGetValue(key, out var columns)) values.CopyTo(columns[year]);
    }

    public double[][] Get(ColumnKey key) => _columns[key];

    public double[][] Get(int entity, Metric metric) => _columns[ColumnKey.Series(entity, metric)];
}
