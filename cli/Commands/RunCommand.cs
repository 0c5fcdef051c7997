using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>run FILE --trials N --seed S</c>: a Monte Carlo batch in this process on all cores.</summary>
public static class RunCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        long trials = a.Long("trials", null, 1, 1_000_000_000_000);
        ulong seed = a.Seed();
        int chunk = (int)a.Long("chunk", 1024, 1, 1 << 20);
        int threads = (int)a.Long("threads", Environment.ProcessorCount, 1, 1024);
        string? json = a.String("json");
        a.RejectUnknown();

        var scenario = ScenarioFiles.Load(file);
        var model = new CompiledModel(scenario);
        using var cancel = CancelOnCtrlC.Create();
        var accumulator = ProgressDisplay.Run($"{scenario.Id}: {trials:N0} trials", trials,
            progress => BatchRunner.Run(model, seed, trials, chunk, threads, progress, cancel.Token));
        var result = ResultBuilder.Build(model, accumulator, (long)seed);
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, ResultJson.ToJson(result));
        return ExitCodes.Ok;
    }
}
