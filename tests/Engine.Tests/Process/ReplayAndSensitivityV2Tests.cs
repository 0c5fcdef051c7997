using System.Text.Json.Nodes;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Engine.Simulation.Process;

namespace ScenarioGrid.Engine.Tests.Process;

/// <summary>Replay and sensitivity of v2 files (model-spec-v2 §5–6): step rows, members, step metrics.</summary>
public sealed class ReplayAndSensitivityV2Tests
{
    [Fact]
    public void A_replayed_trial_of_the_worked_example_has_its_waterfall_and_names_its_member()
    {
        var replay = TrialReplay.Run(new CompiledModel(WorkedExampleV2Tests.Load().Member("early-sinter")), 42, 0);
        Assert.Equal("early-sinter", replay.Strategy);
        Assert.Equal("v2", replay.ModelVersion);
        // §7: sintering's step cost of p1 in 2026 is 46.11405463 in base; early-sinter adopts the option from SOP and
        // saves 1.444444444 that year (the spec's delta).
        var sintering = replay.Steps!.Single(s => s.Entity == "plant:p1" && s.Step == "sintering" && s.Metric == "stepCostUsdPerKWh" && s.Year == 2026);
        Assert.Equal(46.11405463 - 1.444444444, sintering.Value!.Value, 7);
        Assert.Null(replay.Steps!.Single(s => s.Entity == "plant:p1" && s.Step == "sintering" && s.Metric == "stepCostUsdPerKWh" && s.Year == 2025).Value);
        var json = JsonNode.Parse(AnalysisJson.ToJson(replay))!.AsObject();
        Assert.Equal(["scenario", "strategy", "seed", "trial", "modelVersion", "inputs", "metrics", "steps"], json.Select(p => p.Key));
        Assert.Contains(replay.Metrics, m => m.Entity == "option:low-temp-sintering" && m.Metric == "adoptedCapacityGWh" && m.Year == 2028 && m.Value == 7);
    }

    [Fact]
    public void The_tornado_base_of_a_step_metric_is_the_worked_example_value()
    {
        // tiny-v2 is all fixed: the tornado has no bar and its base is the one value of §7.
        var s = Sensitivity.RunStep(new CompiledModel(WorkedExampleV2Tests.Load()), 42, 10, "plant:p1", StepMetric.StepCostUsdPerKWh, "sintering", 2026);
        Assert.Equal(46.11405463, s.Tornado.Base!.Value, 7);
        Assert.Empty(s.Tornado.Parameters);
        Assert.Equal("sintering", s.Step);
        Assert.Equal(["entity", "metric", "year", "step", "tornado", "spearman"], JsonNode.Parse(AnalysisJson.ToJson(s))!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void A_hotter_kiln_costs_more_sintering_energy()
    {
        // §4.5: the sintering energy grows with the peak temperature, so its tornado bar rises from P10 to P90 and its
        // rank correlation with the step's energy cost is positive. The worked example with an uncertain temperature;
        // in 2026 p1 has not adopted the low-temperature option yet (retrofit from 2028), so the drawn value acts.
        string text = File.ReadAllText(Path.Combine(WorkedExampleV2Tests.Folder, "tiny-v2.yaml"))
            .Replace("temperatureC: 1150", "temperatureC: {uniform: [1050, 1200]}");
        var model = new CompiledModel(ScenarioLoader.Load(text, "tiny-v2-hot.yaml", _ => null));
        var s = Sensitivity.RunStep(model, 42, 500, "plant:p1", StepMetric.StepEnergyUsdPerKWh, "sintering", 2026);
        const string temperature = "routes.oxide.process.steps.sintering.thermal.temperatureC";
        var bar = Assert.Single(s.Tornado.Parameters);
        Assert.Equal(temperature, bar.Path);
        Assert.True(bar.OutputHigh > bar.OutputLow, $"{bar.OutputLow} → {bar.OutputHigh}");
        // The energy is linear in T: 2·(1.0·(T − 25)/(3600·0.25) + 0.05·6)·0.1/0.56 at T's P10 and P90.
        double Energy(double t) => 2 * (1.0 * (t - 25) / (3600 * 0.25) + 0.05 * 6) * 0.1 / 0.56;
        Assert.Equal(Energy(bar.InputLow), bar.OutputLow!.Value, 9);
        Assert.Equal(Energy(bar.InputHigh), bar.OutputHigh!.Value, 9);
        Assert.Equal(1.0, s.Spearman.Parameters.Single(r => r.Path == temperature).Rho!.Value, 9);
    }

    [Theory]
    [InlineData("plant:p1", "costUsdPerKWh", "sintering", "step takes a step metric; one of: stepCostUsdPerKWh")]
    [InlineData("plant:p1", "stepCostUsdPerKWh", null, "the step metric stepCostUsdPerKWh needs a step")]
    [InlineData("region:R1", "stepCostUsdPerKWh", "sintering", "'region:R1' has no waterfall; entities with steps: route:oxide, plant:p1")]
    [InlineData("plant:p1", "stepCostUsdPerKWh", "kiln", "'plant:p1' has no step 'kiln' in its waterfall; its steps: powder, sintering, assembly")]
    [InlineData("route:oxide", "stepYield", "sintering", "'route:oxide' does not report stepYield for step 'sintering'")]
    public void Step_arguments_are_refused_with_what_to_give_instead(string entity, string metric, string? step, string message)
    {
        var model = new CompiledModel(WorkedExampleV2Tests.Load());
        var e = Assert.Throws<ArgumentException>(() => Sensitivity.RunStep(model, 1, 10, entity, metric, step, 2026));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void An_unknown_step_is_refused_with_the_entity_named()
    {
        var model = new CompiledModel(WorkedExampleV2Tests.Load());
        var e = Assert.Throws<ArgumentException>(() => Sensitivity.RunStep(model, 1, 10, "plant:p1", StepMetric.StepCostUsdPerKWh, "kiln", 2026));
        Assert.Contains("plant:p1", e.Message);
    }
}
