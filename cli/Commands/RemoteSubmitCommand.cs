using System.Text.Json;
using ScenarioGrid.Cli.Remote;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>submit FILE --trials N --seed S [--strategy ID | --strategies] --server URL</c>: validates the scenario here, stores it and the files it
/// extends on the server (parents first), starts a batch there and prints <c>batch ID</c>. It does not wait:
/// <c>watch ID</c> shows the progress, <c>results ID</c> fetches the result.
/// </summary>
public static class RemoteSubmitCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        long trials = a.Long("trials", null, 1, int.MaxValue);
        ulong seed = a.Seed();
        int chunk = a.ChunkSize();
        string? strategy = a.String("strategy");
        bool strategies = a.Flag("strategies");
        var priority = QueueOptions.Priority(a);
        var stop = QueueOptions.Stop(a);
        using var server = GraphQLServer.From(a);
        a.RejectUnknown();
        if (strategy is not null && strategies) throw new UsageException("give --strategy ID or --strategies, not both");

        var scenario = ScenarioFiles.Load(file);
        // Checked here for a clear usage error; the server checks them again.
        if (strategy is not null) ScenarioFiles.MemberOf(scenario, file, strategy);
        if (strategies && scenario.Strategies.Count == 0)
            throw new UsageException($"{file} has no strategies; --strategies needs a file with a strategies block");
        // Ancestors first: the server resolves `extends` among the scenarios it already stores.
        string? sha = null;
        foreach (var source in scenario.Sources.Reverse())
        {
            var created = server.Execute(RemoteBatches.CreateScenario,
                new { yaml = source.Text, fileName = Path.GetFileName(source.FileName) }).GetProperty("createScenario");
            sha = created.GetProperty("sha256").GetString();
        }
        if (sha != scenario.Sha256)
            throw new RemoteException($"the server stored {scenario.Id} as {sha}, not {scenario.Sha256}: it holds a newer version " +
                                      "of a file this scenario extends; submit that file's current text again", ["BAD_INPUT"]);

        var batch = server.Execute(RemoteBatches.SubmitBatch, new
            {
                scenarioId = scenario.Id, trials, seed = (long)seed, chunkSize = chunk, strategy, strategySet = strategies ? true : (bool?)null,
                priority = priority.ToString().ToUpperInvariant(), until = QueueOptions.ToGraphQL(stop.For(scenario)),
            })
            .GetProperty("submitBatch");
        if (batch.GetProperty("scenarioSha256").GetString() != scenario.Sha256)
            Console.Error.WriteLine($"warning: the server ran another version of {scenario.Id} ({batch.GetProperty("scenarioSha256").GetString()})");
        Console.WriteLine($"batch {batch.GetProperty("id").GetString()}");
        return ExitCodes.Ok;
    }
}
