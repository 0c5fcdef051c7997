namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// Receives the kernel's per-trial metric columns for one chunk: one call per (entity, metric, year),
/// values[k] for trial k of the chunk, NaN where the metric is undefined in that trial.
/// </summary>
public interface IChunkSink
{
    void BeginChunk(long firstTrial, int count);
    void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values);
    void EndChunk();
}
