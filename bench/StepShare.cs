using System.Diagnostics;
using System.Globalization;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;
using ScenarioGrid.Engine.Statistics;

namespace ScenarioGrid.Bench;

/// <summary>
/// How much of a v2 run the step rows' statistics cost (`--child steps`): the same chunks, one thread, into the full
/// accumulator; into one that sketches only stepCostUsdPerKWh and gives the other step metrics exact moments alone (a
/// possible spec decision, emulated: the moments pass without the sketch); into one that drops the step rows; and into
/// none (the kernel alone). Interleaved rounds, process CPU seconds (the steady figure on a loaded machine), medians.
/// </summary>
internal static class StepShare
{
    public static Dictionary<string, string> Execute(CompiledModel model, BenchOptions o)
    {
        var worker = new ChunkWorker(model, 42, o.Chunk);
        var sinks = new IChunkSink[]
        {
            new BatchAccumulator(model, o.Chunk),
            new StepFilter(new BatchAccumulator(model, o.Chunk), sketchCostOnly: true),
            new StepFilter(new BatchAccumulator(model, o.Chunk), sketchCostOnly: false),
            new StepFilter(null, sketchCostOnly: false),
        };
        foreach (var sink in sinks) worker.Run(0, Math.Min(o.Trials, o.WarmupTrials), sink);
        var seconds = sinks.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < 5; round++)
            for (int i = 0; i < sinks.Length; i++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                worker.Run(0, o.Trials, sinks[i]);
                seconds[i].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            }
        double full = Medians.Of(seconds[0]);
        string Share(int i) => (Medians.Of(seconds[i]) / full).ToString("P0", CultureInfo.InvariantCulture);
        return new()
        {
            ["trials"] = o.Trials.ToString("N0", CultureInfo.InvariantCulture),
            ["fullCpuSeconds"] = full.ToString("F2", CultureInfo.InvariantCulture),
            ["sketchStepCostOnly"] = Share(1),
            ["withoutStepRows"] = Share(2),
            ["kernelOnly"] = Share(3),
        };
    }

    /// <summary>Forwards everything but the step rows (or, with sketchCostOnly, sketches only stepCost); null: drops all.</summary>
    private sealed class StepFilter(BatchAccumulator? inner, bool sketchCostOnly) : IChunkSink
    {
        private double _sink;

        public void BeginChunk(long firstTrial, int count) => inner?.BeginChunk(firstTrial, count);
        public void Accept(int entity, Metric metric, int yearIndex, ReadOnlySpan<double> values) => inner?.Accept(entity, metric, yearIndex, values);
        public void AcceptReadiness(int slot, ReadOnlySpan<double> years) => inner?.AcceptReadiness(slot, years);
        public void EndChunk() => inner?.EndChunk();

        public void AcceptStep(int row, StepMetric metric, int yearIndex, ReadOnlySpan<double> values)
        {
            if (inner is null || !sketchCostOnly) return;
            if (metric == StepMetric.StepCostUsdPerKWh) inner.AcceptStep(row, metric, yearIndex, values);
            else _sink += ColumnMath.Moments(values, 1e-6).Mean; // the moments pass a non-sketched series would still need
        }
    }
}
