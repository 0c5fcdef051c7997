using ScenarioGrid.Engine.Simulation.Process;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Analysis;

public sealed record ReplayedTrial(string Scenario, long Seed, long Trial, string ModelVersion,
    IReadOnlyList<KeyValuePair<string, double>> Inputs, IReadOnlyList<TrialMetric> Metrics)
{
    /// <summary>v2: the member replayed, when the file has strategies (written after <c>scenario</c>).</summary>
    public string? Strategy { get; init; }

    /// <summary>v2: every step row's metrics (model-spec-v2 §6); null in v1.</summary>
    public IReadOnlyList<TrialStep>? Steps { get; init; }
}

public sealed record TrialStep(string Entity, string Step, string Metric, int Year, double? Value);

public sealed record TrialMetric(string Entity, string Metric, int Year, double? Value);

/// <summary>Recomputes one trial of a batch from (scenario, seed, trial): counter-based draws make it exact.</summary>
public static class TrialReplay
{
    public static ReplayedTrial Run(CompiledModel model, ulong seed, long trial)
    {
        if (trial < 0) throw new ArgumentOutOfRangeException(nameof(trial), "trial must be ≥ 0");
        var inputs = new TrialInputs(model, 1);
        inputs.Draw(model.Streams(seed), trial, 1);
        var sink = new SingleTrialSink();
        Kernels.For(model, 1).Run(inputs, trial, sink);

        var drawn = model.Uncertain
            .Select(p => new KeyValuePair<string, double>(model.Parameters[p].Path, inputs.Values[p][0])).ToList();
        var metrics = new List<TrialMetric>();
        foreach (var e in model.Entities.All)
            for (int m = 0; m < Simulation.Metrics.ReportedCount; m++)
            {
                var metric = (Metric)m;
                if (!e.HasMetric(metric)) continue;
                for (int y = 0; y < model.YearCount; y++)
                {
                    double v = sink.Values[(e.Index, metric, y)];
                    metrics.Add(new TrialMetric(e.Id, metric.Name(), model.StartYear + y, double.IsNaN(v) ? null : v));
                }
            }
        List<TrialStep>? steps = null;
        if (model.Process is { } plan)
        {
            // The order of the result document's steps: rows, metrics, years.
            steps = [];
            foreach (var row in plan.Layout.Rows)
                for (int m = 0; m < StepMetrics.Count; m++)
                {
                    var metric = (StepMetric)m;
                    if (!row.HasMetric(metric)) continue;
                    for (int y = 0; y < model.YearCount; y++)
                    {
                        double v = sink.Steps[(row.Index, metric, y)];
                        steps.Add(new TrialStep(row.Entity, row.Step, metric.Name(), model.StartYear + y, double.IsNaN(v) ? null : v));
                    }
                }
        }
        return new ReplayedTrial(model.Scenario.Id, (long)seed, trial, ResultBuilder.ModelVersionOf(model.Scenario), drawn, metrics)
        {
            Strategy = model.Scenario.Strategy,
            Steps = steps,
        };
    }
}
