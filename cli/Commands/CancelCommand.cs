using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>cancel ID</c>: drops an unfinished batch for good, through its grain (as the API does), in an embedded
/// silo on the database. A process still running the batch sees the changed row at its next checkpoint and stops.
/// </summary>
public static class CancelCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        var database = a.Database();
        a.RejectUnknown();
        var batch = new BatchQueries(StoredBatches.OpenExisting(database)).Get(id) ?? throw new UsageException($"no batch '{id}' in {database}");
        if (batch.IsFinished)
        {
            Console.WriteLine($"batch {id} is already {batch.Status.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        }
        using var cancel = CancelOnInterrupt.Create();
        using var silo = EmbeddedSilo.StartAsync(database, resumeUnfinishedBatches: false, cancel.Token).GetAwaiter().GetResult().Owned();
        var view = silo.Value.Grains.GetGrain<IBatchGrain>(id).Cancel(cancel.Token).GetAwaiter().GetResult();
        if (view.Status == BatchStatus.Cancelled)
        {
            Console.WriteLine($"batch {id} cancelled");
            return ExitCodes.Ok;
        }
        // Another process wrote the row between our read and our write (it finished, or checkpointed).
        Console.Error.WriteLine($"batch {id} is {view.Status.ToString().ToLowerInvariant()}: not cancelled{(view.IsFinished ? "" : "; try again")}");
        return view.IsFinished ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
