using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>Batch and catalog grains on one shared single-silo cluster (fresh batch ids per test).</summary>
[Collection("cluster")]
public class BatchGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Cancelling_stops_a_running_batch_for_good()
    {
        string id = BatchIds.New();
        var grain = Grains.GetGrain<IBatchGrain>(id);
        await grain.Submit(new BatchRequest(fixture.Baseline, 1, 50_000_000, 1024, 65_536));
        long merged;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((merged = (await grain.GetStatus()).TrialsDone) == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        // The row says Cancelled, with the progress merged so far, when the call returns.
        var view = await grain.Cancel();
        Assert.Equal(BatchStatus.Cancelled, view.Status);
        Assert.InRange(view.TrialsDone, merged, 50_000_000 - 1);
        var row = fixture.Cluster.Service<BatchQueries>().Get(id)!;
        Assert.Equal((BatchStatus.Cancelled, view.TrialsDone), (row.Status, row.TrialsDone));

        // The units that were in flight come back to a finished batch: nothing changes any more.
        await Task.Delay(1500);
        Assert.Equal(row, fixture.Cluster.Service<BatchQueries>().Get(id));
        Assert.Null(fixture.Cluster.Service<ResultQueries>().Document(id));
        // Cancelling a finished batch leaves it as it is.
        Assert.Equal(BatchStatus.Cancelled, (await grain.Cancel()).Status);
    }

    [Fact]
    public async Task Finished_batch_grains_and_their_simulation_slots_deactivate()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => BatchIds.New()).ToList();
        var views = await Task.WhenAll(ids.Select(id =>
            TestClusters.RunToEnd(Grains, id, new BatchRequest(fixture.Tiny, 1, 2048, 1024, 1024), TimeSpan.FromMinutes(2))));
        Assert.All(views, v => Assert.Equal(BatchStatus.Completed, v.Status));

        var management = Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (int Batches, int Slots) active;
        do
        {
            await Task.Delay(200);
            var statistics = await management.GetSimpleGrainStatistics();
            int Count(string type) => statistics.Where(s => s.GrainType.Contains(type, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
            active = (Count("BatchGrain"), Count("SimulationWorkerGrain"));
        }
        while (active != (0, 0) && DateTime.UtcNow < deadline);
        Assert.Equal((0, 0), active);
    }

    [Fact]
    public async Task A_request_outside_the_limits_is_refused_and_stores_nothing()
    {
        string id = BatchIds.New();
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            Grains.GetGrain<IBatchGrain>(id).Submit(new BatchRequest(fixture.Tiny, BatchLimits.SeedBound, 1000, 1024, 1024)));
        Assert.Contains("seed", e.Message);
        Assert.Null(fixture.Cluster.Service<BatchQueries>().Get(id));
    }

    [Fact]
    public async Task The_catalog_stores_a_valid_scenario_once_and_returns_every_error_of_an_invalid_one()
    {
        var catalog = Grains.GetGrain<IScenarioCatalogGrain>(IScenarioCatalogGrain.Key);
        string yaml = File.ReadAllText(Path.Combine(TestClusters.RepoRoot(), TestClusters.V1Scenarios, "sulfide-vs-oxide.yaml"));
        // No ancestors given: `extends: baseline` names the newest stored baseline.
        var first = await catalog.Add(new ScenarioUpload(new ScenarioFile("sulfide-vs-oxide.yaml", yaml)));
        var again = await catalog.Add(new ScenarioUpload(new ScenarioFile("sulfide-vs-oxide.yaml", yaml)));
        Assert.Empty(first.Errors);
        Assert.Equal(first.Scenario, again.Scenario);
        Assert.Equal("sulfide-vs-oxide", first.Scenario!.Id);
        Assert.Equal(first.Scenario.Sha256, fixture.Cluster.Service<ScenarioQueries>().Latest("sulfide-vs-oxide")!.Sha256);

        string broken = yaml.Replace("extends: baseline", "extends: baseline\nhorizon: {start: 2031, end: 2030}");
        var invalid = await catalog.Add(new ScenarioUpload(new ScenarioFile("broken.yaml", broken)));
        Assert.Null(invalid.Scenario);
        var error = Assert.Single(invalid.Errors, e => e.Path.StartsWith("horizon", StringComparison.Ordinal));
        Assert.Equal("broken.yaml", error.File);
        Assert.True(error.Line > 1);
    }
}
