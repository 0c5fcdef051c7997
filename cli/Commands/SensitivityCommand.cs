using ScenarioGrid.Cli.Output;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Cli.Commands;

/// <summary><c>sensitivity FILE --seed S --trials N --entity E --metric M --year Y</c>: tornado and Spearman ranking.</summary>
public static class SensitivityCommand
{
    public static int Execute(Arguments a)
    {
        string file = a.File();
        ulong seed = a.Seed();
        long trials = a.Long("trials", null, 1, long.MaxValue);
        string entity = a.RequiredString("entity");
        string metricName = a.RequiredString("metric");
        int year = (int)a.Long("year", null, 1990, 2100);
        string? json = a.String("json");
        string? step = a.String("step");
        string? strategy = a.String("strategy");
        a.RejectUnknown();

        var scenario = ScenarioFiles.Load(file);
        var model = new CompiledModel(strategy is null ? scenario : ScenarioFiles.MemberOf(scenario, file, strategy));
        if (step is not null || Engine.Simulation.Process.StepMetrics.TryParse(metricName, out _))
            return StepSensitivity(model, seed, trials, entity, metricName, step, year, json);
        if (!Metrics.TryParseReported(metricName, out var metric))
            throw new UsageException($"unknown metric '{metricName}'; one of: {string.Join(", ", Metrics.AllNames)}");
        if (!model.Entities.TryFind(entity, out int e))
            throw new UsageException($"unknown entity '{entity}'; one of: {string.Join(", ", model.Entities.All.Select(x => x.Id))}");
        if (!model.Entities.All[e].HasMetric(metric)) throw new UsageException($"entity '{entity}' has no metric '{metricName}'");
        if (year < model.StartYear || year >= model.StartYear + model.YearCount)
            throw new UsageException($"--year must lie in the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");

        var result = Sensitivity.Run(model, seed, trials, entity, metric, year);
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, AnalysisJson.ToJson(result));
        return ExitCodes.Ok;
    }

    /// <summary>Model v2: <c>--step K</c> with a step metric (stepCostUsdPerKWh, …) of a route or plant.</summary>
    private static int StepSensitivity(CompiledModel model, ulong seed, long trials, string entity, string metricName, string? step,
        int year, string? json)
    {
        if (year < model.StartYear || year >= model.StartYear + model.YearCount)
            throw new UsageException($"--year must lie in the horizon {model.StartYear}..{model.StartYear + model.YearCount - 1}");
        SensitivityResult result;
        try { result = Sensitivity.RunStep(model, seed, trials, entity, metricName, step, year); }
        catch (ArgumentException ex) { throw new UsageException(ex.Message); }
        ResultTables.Print(result);
        if (json is not null) ScenarioFiles.WriteJson(json, AnalysisJson.ToJson(result));
        return ExitCodes.Ok;
    }
}
