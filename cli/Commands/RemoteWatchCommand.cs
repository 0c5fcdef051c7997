using System.Diagnostics;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Cli.Remote;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>watch ID --server URL</c>: a progress bar (trials, trials/s, ETA) until the batch finishes. Exit 0 when it
/// completed, 1 when it failed or was cancelled. Ctrl+C (or SIGTERM) stops watching; the batch goes on on the server.
/// </summary>
public static class RemoteWatchCommand
{
    public static int Execute(Arguments a)
    {
        string id = a.File("batch id");
        using var server = GraphQLServer.From(a);
        a.RejectUnknown();

        var first = server.Execute(RemoteBatches.Progress, new { id }).GetProperty("batch");
        long trials = first.GetProperty("trials").GetInt64(), startDone = first.GetProperty("trialsDone").GetInt64();
        using var cancel = CancelOnInterrupt.Create();
        var clock = Stopwatch.StartNew();
        var (status, error) = ProgressDisplay.Run($"batch {id}: {trials:N0} trials", trials, progress =>
        {
            while (true)
            {
                var b = server.Execute(RemoteBatches.Progress, new { id }, cancel.Token).GetProperty("batch");
                long done = b.GetProperty("trialsDone").GetInt64();
                progress.Report(new BatchProgress(done, trials, clock.Elapsed, done - startDone));
                string s = RemoteBatches.Str(b, "status");
                if (s is "COMPLETED" or "FAILED" or "CANCELLED") return (s, b.GetProperty("error").GetString());
                cancel.Token.WaitHandle.WaitOne(500);
                cancel.Token.ThrowIfCancellationRequested();
            }
        });
        Console.WriteLine($"batch {id} {status.ToLowerInvariant()}{(error is { Length: > 0 } ? ": " + error : "")}");
        return status == "COMPLETED" ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
