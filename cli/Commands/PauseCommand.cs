using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Remote;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>pause ID</c> and <c>resume ID</c>: hold a queued or running batch (Paused, its progress checkpointed) and put a
/// paused one back in the queue, through its grain: on a server (<c>--server</c>, the pauseBatch and resumeBatch
/// mutations) or in an embedded silo on the database (<c>--db</c>), as cancel does. A process running the batch on the
/// same file sees the changed row at its next checkpoint and stops.
/// </summary>
public static class PauseCommand
{
    public static int Pause(Arguments a) => Execute(a, pause: true);

    public static int Resume(Arguments a) => Execute(a, pause: false);

    private static int Execute(Arguments a, bool pause)
    {
        string id = a.File("batch id");
        string verb = pause ? "paused" : "resumed (queued)";
        if (a.String("server") is not null)
        {
            using var server = GraphQLServer.From(a);
            a.RejectUnknown();
            var b = server.Execute(pause ? RemoteBatches.PauseBatch : RemoteBatches.ResumeBatch, new { id })
                .GetProperty(pause ? "pauseBatch" : "resumeBatch");
            return Report(id, Enum.Parse<BatchStatus>(RemoteBatches.Str(b, "status"), ignoreCase: true), pause, verb);
        }
        var database = a.Database();
        a.RejectUnknown();
        var batch = new BatchQueries(StoredBatches.OpenExisting(database)).Get(id) ?? throw new UsageException($"no batch '{id}' in {database}");
        using var cancel = CancelOnInterrupt.Create();
        using var silo = EmbeddedSilo.StartAsync(database, resumeUnfinishedBatches: false, cancel.Token).GetAwaiter().GetResult().Owned();
        var grain = silo.Value.Grains.GetGrain<IBatchGrain>(batch.Id);
        var view = (pause ? grain.Pause(cancel.Token) : grain.Unpause(cancel.Token)).GetAwaiter().GetResult();
        return Report(id, view.Status, pause, verb);
    }

    private static int Report(string id, BatchStatus status, bool pause, string verb)
    {
        bool done = pause ? status == BatchStatus.Paused : status is BatchStatus.Queued or BatchStatus.Running;
        if (done) Console.WriteLine($"batch {id} {verb}");
        else Console.Error.WriteLine($"batch {id} is {status.ToString().ToLowerInvariant()}: " +
                                     (pause ? "only a queued or running batch can be paused" : "only a paused batch can be resumed"));
        return done ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
