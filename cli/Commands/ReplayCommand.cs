using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>replay FILE --seed S --trial I [--strategy ID]</c>: one trial's drawn inputs and every metric (and step, v2).</summary>
public static class ReplayCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        ulong seed = a.Seed();
        long trial = a.Long("trial", null, 0, long.MaxValue - 1);
        string? json = a.String("json");
        string? strategy = a.String("strategy");
        a.RejectUnknown();

        var scenario = ScenarioFiles.Load(file);
        var model = new CompiledModel(strategy is null ? scenario : ScenarioFiles.MemberOf(scenario, file, strategy));
        var replay = TrialReplay.Run(model, seed, trial);
        ResultTables.Print(replay);
        if (json is not null) ScenarioFiles.WriteJson(json, AnalysisJson.ToJson(replay));
        return ExitCodes.Ok;
    }
}
