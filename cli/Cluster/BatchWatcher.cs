using System.Diagnostics;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Cli.Cluster;

/// <summary>Polls batch grains and shows their combined progress until every one has finished.</summary>
internal static class BatchWatcher
{
    public static IReadOnlyList<BatchView> Watch(string title, IReadOnlyList<IBatchGrain> batches, CancellationToken cancellationToken)
    {
        var first = batches.Select(b => b.GetStatus().GetAwaiter().GetResult()).ToList();
        long total = first.Sum(v => v.Trials), startDone = first.Sum(v => v.TrialsDone);
        var clock = Stopwatch.StartNew();
        return ProgressDisplay.Run(title, total, progress =>
        {
            while (true)
            {
                var views = batches.Select(b => b.GetStatus(cancellationToken).GetAwaiter().GetResult()).ToList();
                long done = views.Sum(v => v.TrialsDone);
                // The rate counts only this session's trials, so a resumed batch does not look faster than it is.
                progress.Report(new BatchProgress(done, total, clock.Elapsed, done - startDone));
                if (views.All(v => v.IsFinished)) return views;
                cancellationToken.WaitHandle.WaitOne(250);
                cancellationToken.ThrowIfCancellationRequested();
            }
        });
    }
}
