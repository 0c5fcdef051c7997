using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Bench;

/// <summary>
/// A batch through the grains of an embedded silo over a fresh database, timed from submission to the
/// stored results (so it includes dispatch, merges, checkpoints and writing the result tables).
/// </summary>
internal static class GrainRun
{
    public static Dictionary<string, string> Execute(BenchOptions o)
    {
        string folder = Path.Combine(Path.GetTempPath(), "scenariogrid-bench", Guid.NewGuid().ToString("N"));
        string db = Path.Combine(folder, "bench.db");
        try
        {
            var scenario = ScenarioLoader.LoadFile(o.Scenario);
            using var cancel = new CancellationTokenSource();
            var silo = EmbeddedSilo.StartAsync(db, resumeUnfinishedBatches: false, cancel.Token).GetAwaiter().GetResult();
            try
            {
                var added = silo.Grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key).Add(scenario.ToUpload()).GetAwaiter().GetResult();
                if (added.Scenario is null) throw new InvalidOperationException($"scenario not stored: {string.Join("; ", added.Errors)}");
                // Warm-up batch: JIT and the silo's first activations, as in a long-running silo.
                Run(silo, "b-warmup", BatchRequest.For(scenario.Sha256, 42, o.WarmupTrials, o.Chunk));
                BatchView? view = null;
                long plantYears = (long)scenario.Plants.Count * scenario.YearCount;
                var figures = ChildRun.Timed(o.Trials, plantYears, () => view = Run(silo, "b-bench",
                    BatchRequest.For(scenario.Sha256, 42, o.Trials, o.Chunk)));
                if (view!.Status != BatchStatus.Completed) throw new InvalidOperationException($"batch ended {view.Status}: {view.Error}");
                // Time the units spent computing, summed over slots: the rest of cores × seconds is overhead.
                var units = silo.Services.GetRequiredService<BatchQueries>().UnitsPerSilo("b-bench");
                figures["unitSeconds"] = units.Sum(u => u.Seconds).ToString("F2", CultureInfo.InvariantCulture);
                return figures;
            }
            finally
            {
                silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static BatchView Run(EmbeddedSilo silo, string id, BatchRequest request)
    {
        var grain = silo.Grains.GetGrain<IBatchGrain>(id);
        grain.Submit(request).GetAwaiter().GetResult();
        return grain.WaitUntilFinished(TimeSpan.FromMilliseconds(50)).GetAwaiter().GetResult();
    }
}
