using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>One sampled column: an (entity, metric, year), named <c>entity/metric/year</c> (e.g. <c>route:sulfide/costUsdPerKWh/2030</c>).</summary>
public sealed record SampleColumn(int Entity, Metric Metric, int YearIndex, string Name)
{
    /// <summary>Parses <c>entity/metric/year</c> against the model; the message of the exception says what is wrong.</summary>
    public static SampleColumn Parse(CompiledModel model, string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 3) throw new ArgumentException($"column '{text}' is not entity/metric/year");
        if (!model.Entities.TryFind(parts[0], out int entity))
            throw new ArgumentException($"column '{text}': unknown entity '{parts[0]}'");
        if (!Metrics.TryParse(parts[1], out var metric) || !model.Entities.All[entity].HasMetric(metric))
            throw new ArgumentException($"column '{text}': entity '{parts[0]}' has no metric '{parts[1]}' (metrics: {string.Join(", ", Metrics.AllNames)})");
        if (!int.TryParse(parts[2], out int year) || year < model.StartYear || year >= model.StartYear + model.YearCount)
            throw new ArgumentException($"column '{text}': year must be in {model.StartYear}..{model.StartYear + model.YearCount - 1}");
        return new SampleColumn(entity, metric, year - model.StartYear, $"{parts[0]}/{metric.Name()}/{year}");
    }
}

/// <summary>
/// A block of consecutive trials: <c>Values[column][k]</c> (NaN where undefined) and, when asked for,
/// <c>Inputs[uncertain parameter][k]</c> for trial <c>FirstTrial + k</c>. The arrays are reused for the next block.
/// </summary>
public sealed record SampleBlock(long FirstTrial, int Count, double[][] Values, double[][] Inputs);

/// <summary>
/// Per-trial values of chosen (entity, metric, year) columns for trials [from, to), recomputed from (scenario,
/// seed, trial): counter-based draws make every value the one of the batch and of <see cref="TrialReplay"/>, and
/// nothing per trial is stored. Runs chunk by chunk in trial order and yields one block per chunk, so memory is
/// one chunk whatever the range.
/// </summary>
public sealed class TrialSamples(CompiledModel model, ulong seed, IReadOnlyList<SampleColumn> columns, bool withInputs, int chunkSize = 1024)
{
    /// <summary>The uncertain parameters' paths, the order of <see cref="SampleBlock.Inputs"/> (empty without inputs).</summary>
    public IReadOnlyList<string> InputNames { get; } =
        withInputs ? [.. model.Uncertain.Select(p => model.Parameters[p].Path)] : [];

    public IReadOnlyList<SampleColumn> Columns => columns;

    public IEnumerable<SampleBlock> Run(long from, long to, CancellationToken cancellationToken = default)
    {
        if (from < 0 || to < from) throw new ArgumentOutOfRangeException(nameof(from), "need 0 ≤ from ≤ to");
        var worker = new ChunkWorker(model, seed, chunkSize);
        var sink = new ColumnsSink(columns, chunkSize);
        var drawn = InputNames.Select(_ => new double[chunkSize]).ToArray();
        for (long first = from; first < to; first += chunkSize)
        {
            int n = (int)Math.Min(chunkSize, to - first);
            worker.Run(first, n, sink, cancellationToken); // one chunk: n ≤ chunkSize
            for (int i = 0; i < drawn.Length; i++) worker.LastChunkInputs[model.Uncertain[i]].AsSpan(0, n).CopyTo(drawn[i]);
            yield return new SampleBlock(first, n, sink.Values, drawn);
        }
    }

    /// <summary>Keeps the chosen columns of the current chunk.</summary>
    private sealed class ColumnsSink(IReadOnlyList<SampleColumn> columns, int capacity) : IChunkSink
    {
        public double[][] Values { get; } = columns.Select(_ => new double[capacity]).ToArray();
        private int _count;

        public void BeginChunk(long firstTrial, int count) => _count = count;
        public void EndChunk() { }

        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            for (int c = 0; c < columns.Count; c++)
                if (columns[c].Entity == entity && columns[c].Metric == metric && columns[c].YearIndex == yearIndex)
                    values[.._count].CopyTo(Values[c]);
        }
    }
}
