using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Simulation;

/// <summary>
/// Receives the kernel's per-trial metric columns for one chunk: one call per (entity, metric, year),
/// values[k] for trial k of the chunk, NaN where the metric is undefined in that trial.
/// </summary>
public interface IChunkSink
{
    void BeginChunk(long firstTrial, int count);
    void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values);

    /// <summary>Model v2: a step row's metric (<see cref="ProcessLayout.Rows"/>) for one year. v1 kernels never call it.</summary>
    void AcceptStep(int row, StepMetric metric, int yearIndex, ReadOnlySpan<double> values) { }

    /// <summary>
    /// Model v2: once per chunk, the rounded readiness year of each readiness slot (<see cref="ProcessPlan.ReadinessSlots"/>:
    /// the routes whose chain has readiness, then the options), 2101 for never.
    /// </summary>
    void AcceptReadiness(int slot, ReadOnlySpan<double> years) { }

    void EndChunk();
}

/// <summary>A chunk kernel: the v1 vectorised one or the v2 one that knows process chains (<see cref="Kernels.For"/>).</summary>
public interface IChunkKernel
{
    void Run(TrialInputs inputs, long firstTrial, IChunkSink sink);
}

public static class Kernels
{
    /// <summary>v1 scenarios run the v1 kernel unchanged (their documents stay byte for byte); v2 ones the chain kernel.</summary>
    public static IChunkKernel For(CompiledModel model, int capacity) =>
        model.Scenario.IsV2 ? new ProcessKernel(model, capacity) : new ChunkKernel(model, capacity);
}
