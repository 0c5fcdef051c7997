using ScenarioGrid.Engine.Analysis;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Results;
using ScenarioGrid.Engine.Simulation;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// Model v2 batches through the grains (one silo, several work units): the file itself, one member of its strategy
/// set, and the whole set (each unit runs every member on its trials). The stored documents must equal the engine's
/// in-process run of the same seed and trials: counts, quantiles, milestones and tallies exactly, means to 1e−9.
/// </summary>
[Collection("cluster")]
public class StrategyBatchTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private ResultQueries Results => fixture.Cluster.Service<ResultQueries>();

    private static Engine.Model.Scenario Load(string relativePath) => ScenarioLoader.LoadFile(Path.Combine(TestClusters.RepoRoot(), relativePath));

    private async Task<string> Run(BatchRequest request)
    {
        string id = BatchIds.New();
        var view = await TestClusters.RunToEnd(Grains, id, request, TimeSpan.FromMinutes(3));
        Assert.True(view.Status == BatchStatus.Completed, $"{view.Status}: {view.Error}");
        return id;
    }

    [Fact]
    public async Task A_member_batch_stores_the_members_document_with_its_steps()
    {
        string sha = await TestClusters.StoreScenario(Grains, "scenarios/strategies.yaml");
        string id = await Run(new BatchRequest(sha, 7, 192, 32, 64, Strategy: "lts-2027"));

        var model = new CompiledModel(Load("scenarios/strategies.yaml").Member("lts-2027"));
        var expected = ResultBuilder.Build(model, BatchRunner.Run(model, 7, 192, 32, threads: 1), 7);
        var stored = Results.Document(id)!;
        Assert.Equal("lts-2027", stored.Strategy);
        Assert.NotEmpty(stored.Steps!);
        ResultAssert.Equivalent(expected, stored);
        var row = fixture.Cluster.Service<BatchQueries>().Get(id)!;
        Assert.Equal(("lts-2027", false, "v2"), (row.Strategy, row.StrategySet, row.ModelVersion));
        Assert.Equal(3, fixture.Cluster.Service<BatchQueries>().UnitsPerSilo(id).Sum(s => s.Units));
    }

    [Fact]
    public async Task A_strategy_set_batch_runs_every_member_per_unit_and_stores_the_set()
    {
        string sha = await TestClusters.StoreScenario(Grains, "scenarios/strategies.yaml");
        string id = await Run(new BatchRequest(sha, 5, 160, 32, 64, StrategySet: true));

        var set = new StrategySet(Load("scenarios/strategies.yaml"));
        var expected = set.Build(set.Run(5, 160, 32, threads: 1), 5);
        var stored = Results.SetDocument(id)!;
        ResultAssert.Equivalent(expected, stored);
        Assert.Null(Results.Document(id));
        Assert.Equal(["base", "cn-sulfide-push", "jp-alliance", "euus-venture", "lts-2027"], Results.Members(id));
        var row = fixture.Cluster.Service<BatchQueries>().Get(id)!;
        Assert.Equal((null, true, 160L), (row.Strategy, row.StrategySet, row.TrialsDone));
        var view = await Grains.GetGrain<IBatchGrain>(id).GetStatus();
        Assert.Equal((null, true), (view.Strategy, view.StrategySet));
    }

    [Fact]
    public async Task The_worked_examples_set_through_the_grains_equals_the_engine_exactly()
    {
        // tiny-v2 is deterministic (every trial the worked example's): the set document has no rounding to forgive.
        string sha = await TestClusters.StoreScenario(Grains, "tests/Engine.Tests/Process/tiny-v2.yaml");
        string id = await Run(new BatchRequest(sha, 42, 5, 1, 2, StrategySet: true));
        var set = new StrategySet(Load("tests/Engine.Tests/Process/tiny-v2.yaml"));
        var expected = set.Build(set.Run(42, 5, 1, threads: 1), 42);
        Assert.Equal(ResultJson.ToJson(expected) , ResultJson.ToJson(Results.SetDocument(id)!));

        string file = await Run(new BatchRequest(sha, 42, 5, 1, 2));
        var model = new CompiledModel(Load("tests/Engine.Tests/Process/tiny-v2.yaml"));
        Assert.Equal(ResultJson.ToJson(ResultBuilder.Build(model, BatchRunner.Run(model, 42, 5, 1, threads: 1), 42)),
            ResultJson.ToJson(Results.Document(file)!));
    }

    [Fact]
    public async Task An_unknown_strategy_or_a_set_of_a_file_without_strategies_is_refused_and_stores_nothing()
    {
        string sha = await TestClusters.StoreScenario(Grains, "tests/Engine.Tests/Process/tiny-v2.yaml");
        string unknown = BatchIds.New(), noSet = BatchIds.New(), both = BatchIds.New();
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            Grains.GetGrain<IBatchGrain>(unknown).Submit(new BatchRequest(sha, 1, 10, 1, 2, Strategy: "late-sinter")));
        Assert.Contains("late-sinter", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Grains.GetGrain<IBatchGrain>(noSet).Submit(new BatchRequest(fixture.Tiny, 1, 10, 1, 2, StrategySet: true)));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Grains.GetGrain<IBatchGrain>(both).Submit(new BatchRequest(sha, 1, 10, 1, 2, Strategy: "base", StrategySet: true)));
        var batches = fixture.Cluster.Service<BatchQueries>();
        Assert.All(new[] { unknown, noSet, both }, id => Assert.Null(batches.Get(id)));
    }
}
