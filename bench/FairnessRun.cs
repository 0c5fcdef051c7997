using System.Diagnostics;
using System.Globalization;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Bench;

/// <summary>
/// <c>--fairness R</c>: the fair queue, measured. An embedded silo over a fresh database runs a 50M-trial overnight batch;
/// once it is well under way, R small batches (<c>--trials</c>, 20,000 by default in this mode) are submitted one after
/// another, alternately as interactive and, for comparison, as overnight, and each is timed from submission to its stored
/// results. Prints each time, the medians, the overnight batch's throughput and the machine's load average before and
/// after (the figure means little without the load it was taken under).
/// </summary>
internal static class FairnessRun
{
    private const long OvernightTrials = 50_000_000;

    public static int Execute(BenchOptions o)
    {
        long small = o.Trials == 1_000_000 ? 20_000 : o.Trials; // the bench's default trial count is the engine's, not this mode's
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
        Console.WriteLine($"scenario: {o.Scenario}; {small:N0}-trial batches submitted during a {OvernightTrials:N0}-trial overnight batch");
        using var bench = new BenchSilo(ScenarioLoader.LoadFile(o.Scenario));
        string sha = bench.ScenarioSha256;
        var poll = TimeSpan.FromMilliseconds(20);
        bench.RunToEnd(BatchIds.New(), BatchRequest.For(sha, 42, o.WarmupTrials, o.Chunk), poll); // JIT, first activations

        var overnight = bench.Silo.Grains.GetGrain<IBatchGrain>(BatchIds.New());
        overnight.Submit(BatchRequest.For(sha, 1, OvernightTrials, o.Chunk) with { Priority = BatchPriority.Overnight })
            .GetAwaiter().GetResult();
        while (overnight.GetStatus().GetAwaiter().GetResult().TrialsDone == 0) Thread.Sleep(100);
        Thread.Sleep(2000); // well under way: every core busy with its units
        long before = overnight.GetStatus().GetAwaiter().GetResult().TrialsDone;
        var clock = Stopwatch.StartNew();

        var times = new Dictionary<BatchPriority, List<double>> { [BatchPriority.Interactive] = [], [BatchPriority.Overnight] = [] };
        for (int i = 0; i < o.Fairness; i++)
            foreach (var priority in new[] { BatchPriority.Interactive, BatchPriority.Overnight })
            {
                var request = BatchRequest.For(sha, 100 + i, small, o.Chunk) with { Priority = priority };
                var started = Stopwatch.StartNew();
                var view = bench.RunToEnd(BatchIds.New(), request, poll);
                if (view.Status != BatchStatus.Completed) throw new InvalidOperationException($"batch ended {view.Status}: {view.Error}");
                times[priority].Add(started.Elapsed.TotalSeconds);
                Console.WriteLine($"{priority.ToString().ToLowerInvariant(),-11} {small:N0} trials: {started.Elapsed.TotalSeconds,6:F2} s");
            }
        var after = overnight.GetStatus().GetAwaiter().GetResult();
        double rate = (after.TrialsDone - before) / clock.Elapsed.TotalSeconds;
        overnight.Cancel().GetAwaiter().GetResult();
        Console.WriteLine($"median: interactive {Medians.Of(times[BatchPriority.Interactive]):F2} s, " +
                          $"the same batch as overnight {Medians.Of(times[BatchPriority.Overnight]):F2} s; " +
                          $"the overnight batch kept {rate.ToString("N0", CultureInfo.InvariantCulture)} trials/s meanwhile " +
                          $"({after.TrialsDone:N0} trials done, still {after.Status.ToString().ToLowerInvariant()})");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)" : "unknown";
}
