using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>resume</c>: continues every unfinished batch of the database from its checkpoint, with progress (paused ones stay paused).</summary>
public static class ResumeCommand
{
    public static int Execute(Arguments a)
    {
        var database = a.Database();
        a.RejectUnknown();
        StoredBatches.OpenExisting(database);
        using var cancel = CancelOnInterrupt.Create();
        using var silo = EmbeddedSilo.StartAsync(database, resumeUnfinishedBatches: true, cancel.Token).GetAwaiter().GetResult().Owned();
        var all = silo.Value.Services.GetRequiredService<BatchQueries>().Unfinished();
        // A paused batch waits for 'resume ID'; watching it here would never end.
        foreach (var b in all.Where(b => b.Status == BatchStatus.Paused))
            Console.WriteLine($"batch {b.Id} is paused ({b.TrialsDone:N0} of {b.Trials:N0} trials done): 'scenariogrid resume {b.Id}' puts it back in the queue");
        var unfinished = all.Where(b => b.Status != BatchStatus.Paused).ToList();
        if (unfinished.Count == 0)
        {
            Console.WriteLine("no unfinished batches");
            return ExitCodes.Ok;
        }
        foreach (var b in unfinished) Console.WriteLine($"resuming batch {b.Id} ({b.TrialsDone:N0} of {b.Trials:N0} trials done)");
        var grains = unfinished.Select(b => silo.Value.Grains.GetGrain<IBatchGrain>(b.Id)).ToList();
        foreach (var g in grains) g.Resume(cancel.Token).GetAwaiter().GetResult();
        try
        {
            var views = BatchWatcher.Watch($"{unfinished.Count} batch(es)", grains, cancel.Token);
            BatchTables.Print(views);
            return views.All(v => v.Status == BatchStatus.Completed) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: the batches keep their last checkpoint; 'scenariogrid resume' continues them");
            return ExitCodes.Failure;
        }
    }
}
