using System.Text.Json.Nodes;
using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;

namespace ScenarioGrid.Engine.Tests.Process;

/// <summary>Model-spec-v2 §7's strategy comparisons (early-sinter − base), and the set document's shape (§6).</summary>
public sealed class StrategySetTests
{
    private static readonly Lazy<SetResult> Set = new(() =>
    {
        var set = new StrategySet(WorkedExampleV2Tests.Load());
        return set.Build(set.Run(42, 1, chunkSize: 1, threads: 1), 42);
    });

    private static void Near(double expected, double? actual, string what)
    {
        Assert.True(actual.HasValue, $"{what}: null");
        Assert.True(Math.Abs(actual!.Value - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual:R}");
    }

    [Fact]
    public void The_deltas_of_the_worked_example()
    {
        var rows = Set.Value.StrategyComparisons;
        var route = rows.Where(r => r.Entity == "route:oxide").ToArray();
        var step = rows.Where(r => r.Entity == "plant:p1").ToArray();
        Assert.All(new[] { route[0], step[0] }, r =>
        {
            Assert.Equal(2025, r.Year);
            Assert.Equal(0, r.Count);
            Assert.Null(r.ProbabilityALessThanB);
            Assert.Null(r.DeltaMean);
        });
        double[] routeDeltas = [-1.444444444, -3.646009794, -0.1006230645], stepDeltas = [-1.444444444, -1.763156831, -0.006238953729];
        for (int y = 1; y < 4; y++)
        {
            Near(routeDeltas[y - 1], route[y].DeltaMean, $"route delta {route[y].Year}");
            Near(stepDeltas[y - 1], step[y].DeltaMean, $"sintering delta {step[y].Year}");
            Assert.Equal(1, route[y].ProbabilityALessThanB);
            Assert.Equal("sintering", step[y].Step);
        }
    }

    [Fact]
    public void The_set_document_has_members_in_member_order_and_v2_keys()
    {
        var json = JsonNode.Parse(ResultJson.ToJson(Set.Value))!.AsObject();
        Assert.Equal(["scenario", "seed", "trials", "modelVersion", "years", "members", "strategyComparisons", "provenance"],
            json.Select(p => p.Key));
        Assert.Equal("v2", json["modelVersion"]!.GetValue<string>());
        var members = json["members"]!.AsArray();
        Assert.Equal(["base", "early-sinter"], members.Select(m => m!["strategy"]!.GetValue<string>()));
        Assert.Equal(["strategy", "series", "steps", "milestones", "comparisons"], members[0]!.AsObject().Select(p => p.Key));
        var stepComparison = json["strategyComparisons"]!.AsArray().Last()!.AsObject();
        Assert.Equal(["a", "b", "entity", "metric", "step", "year", "count", "probabilityALessThanB", "deltaMean", "deltaP10",
            "deltaP50", "deltaP90"], stepComparison.Select(p => p.Key));
    }

    [Fact]
    public void A_single_member_document_names_its_strategy_and_has_steps()
    {
        var file = WorkedExampleV2Tests.Load();
        var model = new CompiledModel(file);
        var json = JsonNode.Parse(ResultJson.ToJson(ResultBuilder.Build(model, BatchRunner.Run(model, 42, 1, 1, 1), 42)))!.AsObject();
        Assert.Equal(["scenario", "strategy", "seed", "trials", "modelVersion", "years", "series", "steps", "milestones", "comparisons",
            "provenance"], json.Select(p => p.Key));
        Assert.Equal("base", json["strategy"]!.GetValue<string>());
    }

    [Fact]
    public void Members_share_their_draws_and_one_or_two_threads_give_the_same_document()
    {
        var set = new StrategySet(WorkedExampleV2Tests.Load());
        string one = ResultJson.ToJson(set.Build(set.Run(7, 3000, chunkSize: 256, threads: 1), 7));
        string again = ResultJson.ToJson(set.Build(set.Run(7, 3000, chunkSize: 100, threads: 2), 7));
        // Quantiles and counts are order-independent; means may differ in the last bits across thread merges.
        var a = JsonNode.Parse(one)!["strategyComparisons"]!.AsArray();
        var b = JsonNode.Parse(again)!["strategyComparisons"]!.AsArray();
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i]!["count"]!.ToJsonString(), b[i]!["count"]!.ToJsonString());
            Assert.Equal(a[i]!["probabilityALessThanB"]?.ToJsonString(), b[i]!["probabilityALessThanB"]?.ToJsonString());
            Assert.Equal(a[i]!["deltaP50"]?.ToJsonString(), b[i]!["deltaP50"]?.ToJsonString());
        }
    }
}
