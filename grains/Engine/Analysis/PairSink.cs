using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>
/// Keeps only the two columns of one pair (entity a and entity b, one metric) as the kernel emits them, and at
/// the end of each chunk tallies every year's a − b: a paired comparison without the whole batch's statistics.
/// </summary>
internal sealed class PairSink : IChunkSink
{
    private readonly int _a, _b;
    private readonly Metric _metric;
    private readonly double[][] _aColumns, _bColumns; // [year index][trial of the chunk]
    private readonly double[] _scratch;
    private readonly ComparisonTally[] _tallies;
    private int _count;

    public PairSink(int a, int b, Metric metric, int years, int chunkCapacity)
    {
        (_a, _b, _metric) = (a, b, metric);
        _aColumns = [.. Enumerable.Range(0, years).Select(_ => new double[chunkCapacity])];
        _bColumns = [.. Enumerable.Range(0, years).Select(_ => new double[chunkCapacity])];
        _scratch = new double[chunkCapacity];
        _tallies = [.. Enumerable.Range(0, years).Select(_ => new ComparisonTally())];
    }

    public ComparisonTally Tally(int yearIndex) => _tallies[yearIndex];

    public void BeginChunk(long firstTrial, int count) => _count = count;

    public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values)
    {
        if (metric != _metric) return;
        // Not else-if: a pair of an entity with itself is allowed (its deltas are all 0).
        if (entity == _a) values.CopyTo(_aColumns[yearIndex]);
        if (entity == _b) values.CopyTo(_bColumns[yearIndex]);
    }

    public void EndChunk()
    {
        for (int y = 0; y < _tallies.Length; y++)
            _tallies[y].Add(_aColumns[y].AsSpan(0, _count), _bColumns[y].AsSpan(0, _count), _scratch);
    }

    public void Merge(PairSink other)
    {
        for (int y = 0; y < _tallies.Length; y++) _tallies[y].Merge(other._tallies[y]);
    }
}
