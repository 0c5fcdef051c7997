using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>cancel ID</c>: drops an unfinished batch for good. The database says Cancelled at once; a process
/// still running it sees the request at its next checkpoint and stops.
/// </summary>
public static class CancelCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        string database = a.Database();
        a.RejectUnknown();
        var batches = new BatchStore(StoredBatches.OpenExisting(database));
        var batch = batches.Get(id) ?? throw new UsageException($"no batch '{id}' in {database}");
        if (batch.Status is BatchStatus.Completed or BatchStatus.Failed or BatchStatus.Cancelled)
        {
            Console.WriteLine($"batch {id} is already {batch.Status.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        }
        batches.RequestCancel(id);
        batches.SetStatus(id, BatchStatus.Cancelled);
        Console.WriteLine($"batch {id} cancelled");
        return ExitCodes.Ok;
    }
}
