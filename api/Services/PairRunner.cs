using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// Runs trials [0, trials) through the engine on every core, keeping only one pair of (entity, metric) columns:
/// per year, the statistics of a − b over the trials where both are defined and how often a &lt; b (strictly),
/// exactly as the batch accumulator tallies a listed comparison.
/// </summary>
internal static class PairRunner
{
    public static PairTally Run(CompiledModel model, ulong seed, long trials, int chunkSize, int a, int b, Metric metric,
        CancellationToken cancellationToken)
    {
        long chunks = (trials + chunkSize - 1) / chunkSize;
        int threads = (int)Math.Min(Environment.ProcessorCount, chunks);
        long next = -1;
        var tallies = new PairTally[threads];
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            var worker = new ChunkWorker(model, seed, chunkSize);
            var sink = new PairSink(model.YearCount, chunkSize, a, b, metric);
            long chunk;
            while ((chunk = Interlocked.Increment(ref next)) < chunks)
            {
                long first = chunk * chunkSize;
                worker.Run(first, Math.Min(chunkSize, trials - first), sink, cancellationToken);
            }
            tallies[t] = sink.Tally;
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try { Task.WaitAll(tasks, cancellationToken); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]); }
        for (int t = 1; t < threads; t++) tallies[0].Merge(tallies[t]);
        return tallies[0];
    }
}

/// <summary>Per year: statistics of a − b (NaN where either is undefined, so not counted) and the count of a &lt; b.</summary>
internal sealed class PairTally(int years)
{
    public SeriesAccumulator[] Delta { get; } = [.. Enumerable.Range(0, years).Select(_ => new SeriesAccumulator())];
    public long[] ALessThanB { get; } = new long[years];

    public void Merge(PairTally other)
    {
        for (int y = 0; y < Delta.Length; y++)
        {
            Delta[y].Merge(other.Delta[y]);
            ALessThanB[y] += other.ALessThanB[y];
        }
    }
}

/// <summary>Copies the two columns of the pair as the kernel emits them and tallies them at the end of each year's pair.</summary>
internal sealed class PairSink(int years, int capacity, int a, int b, Metric metric) : IChunkSink
{
    private readonly double[][] _a = [.. Enumerable.Range(0, years).Select(_ => new double[capacity])];
    private readonly double[][] _b = [.. Enumerable.Range(0, years).Select(_ => new double[capacity])];
    private readonly double[] _delta = new double[capacity];
    private int _count;

    public PairTally Tally { get; } = new(years);

    public void BeginChunk(long firstTrial, int count) => _count = count;

    public void Accept(int entity, Metric m, int yearIndex, ReadOnlySpan<double> values)
    {
        if (m != metric) return;
        if (entity == a) values.CopyTo(_a[yearIndex]);
        if (entity == b) values.CopyTo(_b[yearIndex]);
    }

    public void EndChunk()
    {
        for (int y = 0; y < _a.Length; y++)
        {
            double[] a = _a[y], b = _b[y];
            long less = 0;
            for (int k = 0; k < _count; k++)
            {
                _delta[k] = a[k] - b[k];
                if (a[k] < b[k]) less++;
            }
            Tally.ALessThanB[y] += less;
            Tally.Delta[y].Add(_delta.AsSpan(0, _count));
        }
    }
}
