using ScenarioGrid.Engine.Statistics;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>Keeps the per-trial values of one column (an entity's metric, or a v2 step row's) in one year.</summary>
internal sealed class CaptureSink(ColumnKey column, int yearIndex, int capacity) : IChunkSink
{
    public double[] Values { get; } = new double[capacity];
    public void BeginChunk(long firstTrial, int count) { }
    public void EndChunk() { }

    public void Accept(int e, Metric m, int y, ReadOnlySpan<double> values)
    {
        if (column == ColumnKey.Series(e, m) && y == yearIndex) values.CopyTo(Values);
    }

    public void AcceptStep(int row, Simulation.Process.StepMetric m, int y, ReadOnlySpan<double> values)
    {
        if (column == ColumnKey.StepOf(row, m) && y == yearIndex) values.CopyTo(Values);
    }
}

/// <summary>Keeps trial 0's value of every (entity, metric, year).</summary>
internal sealed class SingleTrialSink : IChunkSink
{
    public Dictionary<(int Entity, Metric Metric, int Year), double> Values { get; } = new();
    public void BeginChunk(long firstTrial, int count) { }
    public void EndChunk() { }
    public void Accept(int e, Metric m, int y, ReadOnlySpan<double> values) => Values[(e, m, y)] = values[0];

    /// <summary>v2: trial 0's value of every (step row, step metric, year).</summary>
    public Dictionary<(int Row, Simulation.Process.StepMetric Metric, int Year), double> Steps { get; } = new();

    public void AcceptStep(int row, Simulation.Process.StepMetric m, int y, ReadOnlySpan<double> values) => Steps[(row, m, y)] = values[0];
}
