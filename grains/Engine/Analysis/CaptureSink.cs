using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

/// <summary>Keeps the per-trial values of one (entity, metric, year), or of all of them for trial 0.</summary>
internal sealed class CaptureSink(int entity, Metric metric, int yearIndex, int capacity) : IChunkSink
{
    public double[] Values { get; } = new double[capacity];
    public void BeginChunk(long firstTrial, int count) { }
    public void EndChunk() { }

    public void Accept(int e, Metric m, int y, ReadOnlySpan<double> values)
    {
        if (e == entity && m == metric && y == yearIndex) values.CopyTo(Values);
    }
}

/// <summary>Keeps trial 0's value of every (entity, metric, year).</summary>
internal sealed class SingleTrialSink : IChunkSink
{
    public Dictionary<(int Entity, Metric Metric, int Year), double> Values { get; } = new();
    public void BeginChunk(long firstTrial, int count) { }
    public void EndChunk() { }
    public void Accept(int e, Metric m, int y, ReadOnlySpan<double> values) => Values[(e, m, y)] = values[0];
}
