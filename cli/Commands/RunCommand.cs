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
/// <c>run FILE --trials N --seed S [--strategy ID | --strategies]</c>: a Monte Carlo batch through the grains of an
/// embedded silo, stored in the database (first output line: <c>batch ID</c>); <c>--in-process</c> runs the engine
/// directly instead. <c>--strategy</c> runs one member of the file's strategy set, <c>--strategies</c> all of them in one
/// batch (each work unit runs every member on its trials).
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
        // Without --unit the default fits the batch: a set's units run every member, so they get fewer trials.
        long? unitAsked = inProcess || a.String("unit") is null ? null : a.Long("unit", null, chunk, int.MaxValue);
        var database = a.Database();
        string? strategy = a.String("strategy");
        bool strategies = a.Flag("strategies");
        var priority = QueueOptions.Priority(a);
        var stop = QueueOptions.Stop(a);
        a.RejectUnknown();
        if (strategy is not null && strategies) throw new UsageException("give --strategy ID or --strategies, not both");
        if (stop.Any && inProcess) throw new UsageException("--until-* stops a batch of the grains at a unit boundary: not with --in-process");
        if (stop.Any && strategies) throw new UsageException("--until-* is not available with --strategies (run one member)");

        var scenario = ScenarioFiles.Load(file);
        using var cancel = CancelOnInterrupt.Create();
        if (strategies)
        {
            var set = ScenarioFiles.StrategySetOf(scenario, file);
            string title = $"{scenario.Id}: {trials:N0} trials × {set.MemberIds.Count} members";
            int setUnit = (int)(unitAsked ?? BatchRequest.DefaultUnitFor(trials, chunk, set.MemberIds.Count));
            SetResult? setResult;
            if (inProcess)
            {
                var sink = ProgressDisplay.Run(title, trials, progress => set.Run(seed, trials, chunk, threads, progress, cancel.Token));
                setResult = set.Build(sink, (long)seed);
            }
            else
            {
                var request = new BatchRequest(scenario.Sha256, (long)seed, trials, chunk, setUnit, StrategySet: true, Priority: priority);
                setResult = RunThroughGrains(scenario, database, request, title, cancel.Token,
                    (results, id) => results.SetDocument(id));
            }
            if (setResult is null) return ExitCodes.Failure;
            ResultTables.Print(setResult);
            if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(setResult));
            return ExitCodes.Ok;
        }
        // The member is checked here (a clear usage error); through the grains the batch runs the stored file's member.
        var member = strategy is null ? scenario : ScenarioFiles.MemberOf(scenario, file, strategy);
        var result = inProcess
            ? RunInProcess(new CompiledModel(member), seed, trials, chunk, threads, cancel.Token)
            : RunThroughGrains(scenario, database,
                new BatchRequest(scenario.Sha256, (long)seed, trials, chunk,
                    (int)(unitAsked ?? BatchRequest.DefaultUnitFor(trials, chunk)), strategy, Priority: priority, Until: stop.For(scenario)),
                $"{scenario.Id}{(strategy is null ? "" : $" [{strategy}]")}: {trials:N0} trials", cancel.Token,
                (results, id) => results.Document(id));
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

    /// <summary>Stores the file, runs the batch through the grains and reads its stored document with <paramref name="read"/>.</summary>
    private static T? RunThroughGrains<T>(Engine.Model.Scenario scenario, DatabaseLocation database, BatchRequest request, string title,
        CancellationToken ct, Func<ResultQueries, string, T?> read) where T : class
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
            view = BatchWatcher.Watch(title, [grain], ct)[0];
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
        // The trials run: a rerun with --trials this many and the same seed gives the same results.
        if (view.Converged) Console.WriteLine($"converged: stopped after {view.TrialsDone:N0} of {view.Trials:N0} trials ({view.TrialsDone / view.UnitTrials} units)");
        return read(silo.Value.Services.GetRequiredService<ResultQueries>(), id)
            ?? throw new InvalidOperationException($"batch {id} completed but its results are missing");
    }
}
