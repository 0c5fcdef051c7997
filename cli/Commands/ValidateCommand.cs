using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>validate FILE</c>: every error of the file on stderr and exit 2, or a one-line summary.</summary>
public static class ValidateCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        a.RejectUnknown();
        var scenario = ScenarioFiles.Load(file);
        var model = new CompiledModel(scenario);
        Console.WriteLine($"ok: {file} is scenario '{scenario.Id}' ({scenario.Horizon.Start}–{scenario.Horizon.End}): " +
            $"{scenario.Routes.Count} routes, {scenario.Regions.Count} regions, {scenario.Plants.Count} plants, " +
            $"{model.Uncertain.Count} uncertain parameters, {scenario.Correlations.Count} correlations, " +
            $"{scenario.Comparisons.Count} comparisons; sha256 {scenario.Sha256}");
        return ExitCodes.Ok;
    }
}
