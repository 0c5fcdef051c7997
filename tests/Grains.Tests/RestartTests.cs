using Microsoft.Extensions.DependencyInjection;
using ScenarioGrid.Persistence;

namespace ScenarioGrid.Grains.Tests;

/// <summary>Grain state (through our SQLite IGrainStorage) and result tables outlive the cluster that wrote them.</summary>
public class RestartTests
{
    [Fact]
    public async Task A_new_cluster_on_the_same_database_sees_the_finished_batch_and_its_results()
    {
        string db = TestClusters.TempDatabase();
        string sha;
        await using (var first = await TestClusters.StartAsync(1, db))
        {
            sha = TestClusters.StoreScenario(first, "scenarios/tiny.yaml");
            var done = await TestClusters.RunToEnd(first.Client, "b-restart", new BatchRequest(sha, 3, 5000, 1024, 2048), TimeSpan.FromMinutes(1));
            Assert.Equal(BatchPhase.Completed, done.Phase);
        }

        await using var second = await TestClusters.StartAsync(1, db);
        var view = await second.Client.GetGrain<IBatchGrain>("b-restart").GetStatus();
        Assert.Equal(BatchPhase.Completed, view.Phase);
        Assert.Equal(5000, view.TrialsDone);
        Assert.Equal(sha, view.ScenarioSha256);
        Assert.NotNull(view.FinishedAt);

        var results = second.Silos[0].ServiceProvider.GetRequiredService<ResultStore>().Load("b-restart");
        Assert.NotNull(results);
        // tiny.yaml is deterministic: every trial's plant cost in 2025 is the worked example's 371.0470355.
        var cost = results.Series.Single(s => s.Entity == "plant:p1" && s.Metric == "costUsdPerKWh" && s.Year == 2025);
        Assert.Equal(5000, cost.Count);
        Assert.Equal(371.0470355, cost.Mean!.Value, 6);

        var route = await second.Client.GetGrain<IRouteGrain>($"{sha}/sulfide").GetResults("b-restart");
        Assert.True(route.Final);
        Assert.Contains(route.Milestones, m => m.Milestone == "massProduction" && m.P50 == 2027);

        // Submitting the same id again is idempotent: it reports the stored batch, it does not rerun it.
        var again = await second.Client.GetGrain<IBatchGrain>("b-restart").Submit(new BatchRequest(sha, 99, 1, 1024, 2048));
        Assert.Equal(3, again.Seed);
        Assert.Equal(BatchPhase.Completed, again.Phase);
    }

    [Fact]
    public async Task Cancelling_stops_a_running_batch_for_good()
    {
        string db = TestClusters.TempDatabase();
        await using var cluster = await TestClusters.StartAsync(1, db);
        string sha = TestClusters.StoreScenario(cluster, "scenarios/baseline.yaml");
        var grain = cluster.Client.GetGrain<IBatchGrain>("b-cancel");
        await grain.Submit(new BatchRequest(sha, 1, 50_000_000, 1024, 65_536));
        await Task.Delay(500);
        var cancelled = await grain.Cancel();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await grain.GetStatus()).IsFinished && DateTime.UtcNow < deadline) await Task.Delay(100);
        var view = await grain.GetStatus();
        Assert.Equal(BatchPhase.Cancelled, view.Phase);
        Assert.True(view.TrialsDone < 50_000_000);
        var record = cluster.Silos[0].ServiceProvider.GetRequiredService<BatchStore>().Get("b-cancel");
        Assert.Equal(BatchStatus.Cancelled, record!.Status);
        Assert.Null(cluster.Silos[0].ServiceProvider.GetRequiredService<ResultStore>().Load("b-cancel"));
        _ = cancelled;
    }

    [Fact]
    public async Task A_batch_cancelled_while_no_silo_ran_it_stays_cancelled_on_resume()
    {
        string db = TestClusters.TempDatabase();
        string sha;
        await using (var first = await TestClusters.StartAsync(1, db))
        {
            sha = TestClusters.StoreScenario(first, "scenarios/baseline.yaml");
            await first.Client.GetGrain<IBatchGrain>("b-offline").Submit(new BatchRequest(sha, 1, 50_000_000, 1024, 65_536));
            await Task.Delay(300);
        }
        // As the CLI's cancel does, with nobody running the batch.
        var database = new ScenarioGridDatabase(db);
        var store = new BatchStore(database);
        Assert.True(store.RequestCancel("b-offline"));
        store.SetStatus("b-offline", BatchStatus.Cancelled);

        await using var second = await TestClusters.StartAsync(1, db);
        var grain = second.Client.GetGrain<IBatchGrain>("b-offline");
        await grain.Resume();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await grain.GetStatus()).IsFinished && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(BatchPhase.Cancelled, (await grain.GetStatus()).Phase);
        Assert.Equal(BatchStatus.Cancelled, store.Get("b-offline")!.Status);
    }
}
