using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>replay FILE --seed S --trial I</c>: one trial's drawn inputs and every metric.</summary>
public static class ReplayCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        ulong seed = a.Seed();
        long trial = a.Long("trial", null, 0, long.MaxValue - 1);
        string? json = a.String("json");
        a.RejectUnknown();

        var model = new CompiledModel(ScenarioFiles.Load(file));
        var replay = TrialReplay.Run(model, seed, trial);
        ResultTables.Print(replay);
        if (json is not null) ScenarioFiles.WriteJson(json, AnalysisJson.ToJson(replay));
        return ExitCodes.Ok;
    }
}
