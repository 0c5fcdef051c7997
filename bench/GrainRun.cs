using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Bench;

/// <summary>
/// A batch through the grains of an embedded silo over a fresh database, timed from submission to the
/// stored results (so it includes dispatch, merges, checkpoints and writing the result tables).
/// </summary>
internal static class GrainRun
{
    public static Dictionary<string, string> Execute(BenchOptions o)
    {
        var scenario = ScenarioLoader.LoadFile(o.Scenario);
        using var bench = new BenchSilo(scenario);
        var poll = TimeSpan.FromMilliseconds(50);
        // Warm-up batch: JIT and the silo's first activations, as in a long-running silo.
        bench.RunToEnd("b-warmup", BatchRequest.For(bench.ScenarioSha256, 42, o.WarmupTrials, o.Chunk), poll);
        BatchView? view = null;
        long plantYears = (long)scenario.Plants.Count * scenario.YearCount;
        var figures = ChildRun.Timed(o.Trials, plantYears, () => view = bench.RunToEnd("b-bench",
            BatchRequest.For(bench.ScenarioSha256, 42, o.Trials, o.Chunk), poll));
        if (view!.Status != BatchStatus.Completed) throw new InvalidOperationException($"batch ended {view.Status}: {view.Error}");
        // Time the units spent computing, summed over slots: the rest of cores × seconds is overhead.
        var units = bench.Silo.Services.GetRequiredService<BatchQueries>().UnitsPerSilo("b-bench");
        figures["unitSeconds"] = units.Sum(u => u.Seconds).ToString("F2", CultureInfo.InvariantCulture);
        return figures;
    }
}
