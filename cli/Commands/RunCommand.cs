using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Cli.Cluster;
using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Cli.Commands;

/// <summary>
/// <c>run FILE --trials N --seed S</c>: a Monte Carlo batch through the grains of an embedded silo, stored in
/// the database (first output line: <c>batch ID</c>); <c>--in-process</c> runs the engine directly instead.
/// </summary>
public static class RunCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        long trials = a.Long("trials", null, 1, BatchLimits.MaxTrials);
        ulong seed = a.Seed();
        int chunk = a.ChunkSize();
        string? json = a.String("json");
        bool inProcess = a.Flag("in-process");
        int threads = inProcess ? (int)a.Long("threads", Environment.ProcessorCount, 1, 1024) : 0;
        int unit = inProcess ? 0 : (int)a.Long("unit", BatchRequest.DefaultUnitFor(trials, chunk), chunk, int.MaxValue);
        string database = a.Database();
        string? strategy = a.String("strategy");
        bool strategies = a.Flag("strategies");
        a.RejectUnknown();
        if (strategy is not null && strategies) throw new UsageException("give --strategy ID or --strategies, not both");
        if ((strategy is not null || strategies) && !inProcess)
            throw new UsageException("--strategy and --strategies run in-process for now: add --in-process (batches of one member through the grains come next)");

        var scenario = ScenarioFiles.Load(file);
        using var cancel = CancelOnInterrupt.Create();
        if (strategies)
        {
            var set = ScenarioFiles.StrategySetOf(scenario, file);
            var sink = ProgressDisplay.Run($"{scenario.Id}: {trials:N0} trials × {set.MemberIds.Count} members", trials,
                progress => set.Run(seed, trials, chunk, threads, progress, cancel.Token));
            var setResult = set.Build(sink, (long)seed);
            ResultTables.Print(setResult);
            if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(setResult));
            return ExitCodes.Ok;
        }
        if (strategy is not null) scenario = ScenarioFiles.MemberOf(scenario, file, strategy);
        var result = inProcess
            ? RunInProcess(new CompiledModel(scenario), seed, trials, chunk, threads, cancel.Token)
            : RunThroughGrains(scenario, database, new BatchRequest(scenario.Sha256, (long)seed, trials, chunk, unit), cancel.Token);
        if (result is null) return ExitCodes.Failure;
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(result));
        return ExitCodes.Ok;
    }

    private static BatchResult RunInProcess(CompiledModel model, ulong seed, long trials, int chunk, int threads, CancellationToken ct)
    {
        var accumulator = ProgressDisplay.Run($"{model.Scenario.Id}: {trials:N0} trials", trials,
            progress => BatchRunner.Run(model, seed, trials, chunk, threads, progress, ct));
        return ResultBuilder.Build(model, accumulator, (long)seed);
    }

    private static BatchResult? RunThroughGrains(Engine.Model.Scenario scenario, string database, BatchRequest request, CancellationToken ct)
    {
        using var silo = EmbeddedSilo.StartAsync(database, resumeUnfinishedBatches: false, ct).GetAwaiter().GetResult().Owned();
        StoredBatches.Store(silo.Value.Grains, scenario, ct);
        string id = BatchIds.New();
        Console.WriteLine($"batch {id}");
        var grain = silo.Value.Grains.GetGrain<IBatchGrain>(id);
        grain.Submit(request, ct).GetAwaiter().GetResult();
        BatchView view;
        try
        {
            view = BatchWatcher.Watch($"{scenario.Id}: {request.Trials:N0} trials", [grain], ct)[0];
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"interrupted: batch {id} keeps its last checkpoint; 'scenariogrid resume' continues it, " +
                                    $"'scenariogrid cancel {id}' drops it");
            return null;
        }
        if (view.Status != BatchStatus.Completed)
        {
            Console.Error.WriteLine($"batch {id} {view.Status.ToString().ToLowerInvariant()}: {view.Error}");
            return null;
        }
        return silo.Value.Services.GetRequiredService<ResultQueries>().Document(id)
            ?? throw new InvalidOperationException($"batch {id} completed but its results are missing");
    }
}
