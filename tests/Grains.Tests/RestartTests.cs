using ScenarioGrid.Grains.Batches;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Grains.Tests;

/// <summary>
/// The batch row (the batch grain's state) and the result tables outlive the cluster that wrote them; a
/// cluster that changes a row another cluster runs from makes that one stop (optimistic versions).
/// </summary>
public class RestartTests
{
    [Fact]
    public async Task A_new_cluster_on_the_same_database_sees_the_finished_batch_and_its_results()
    {
        string db = TestClusters.TempDatabase();
        string sha;
        await using (var first = await TestClusters.StartAsync(1, db))
        {
            sha = await TestClusters.StoreScenario(first.Client, "scenarios/tiny.yaml");
            var done = await TestClusters.RunToEnd(first.Client, "b-restart", new BatchRequest(sha, 3, 5000, 1024, 2048), TimeSpan.FromMinutes(1));
            Assert.Equal(BatchStatus.Completed, done.Status);
        }

        await using var second = await TestClusters.StartAsync(1, db);
        var view = await second.Client.GetGrain<IBatchGrain>("b-restart").GetStatus();
        Assert.Equal(BatchStatus.Completed, view.Status);
        Assert.Equal(5000, view.TrialsDone);
        Assert.Equal(sha, view.ScenarioSha256);
        Assert.NotNull(view.FinishedAt);

        var results = second.Service<ResultQueries>().Document("b-restart");
        Assert.NotNull(results);
        // tiny.yaml is deterministic: every trial's plant cost in 2025 is the worked example's 371.0470355.
        var cost = results.Series.Single(s => s.Entity == "plant:p1" && s.Metric == "costUsdPerKWh" && s.Year == 2025);
        Assert.Equal(5000, cost.Count);
        Assert.Equal(371.0470355, cost.Mean!.Value, 6);
        Assert.Contains(second.Service<ResultQueries>().Milestones("b-restart", "route:sulfide"),
            m => m.Milestone == "massProduction" && m.P50 == 2027);

        // Submitting the same id again is idempotent: it reports the stored batch, it does not rerun it.
        var again = await second.Client.GetGrain<IBatchGrain>("b-restart").Submit(new BatchRequest(sha, 99, 1, 1024, 2048));
        Assert.Equal(3, again.Seed);
        Assert.Equal(BatchStatus.Completed, again.Status);
    }

    [Fact]
    public async Task A_batch_cancelled_while_no_silo_ran_it_stays_cancelled_on_resume()
    {
        string db = TestClusters.TempDatabase();
        await using (var first = await TestClusters.StartAsync(1, db))
        {
            string sha = await TestClusters.StoreScenario(first.Client, TestClusters.V1Scenarios + "baseline.yaml");
            await first.Client.GetGrain<IBatchGrain>("b-offline").Submit(new BatchRequest(sha, 1, 50_000_000, 1024, 65_536));
            await Task.Delay(300);
        }
        // As the CLI's cancel does: a silo of its own on the file, which resumes nothing, cancels through the grain.
        await using (var cancelling = await TestClusters.StartAsync(1, db, resumeUnfinishedBatches: false))
        {
            var cancelled = await cancelling.Client.GetGrain<IBatchGrain>("b-offline").Cancel();
            Assert.Equal(BatchStatus.Cancelled, cancelled.Status);
        }

        await using var second = await TestClusters.StartAsync(1, db);
        var grain = second.Client.GetGrain<IBatchGrain>("b-offline");
        await grain.Resume();
        Assert.Equal(BatchStatus.Cancelled, (await grain.GetStatus()).Status);
        Assert.Equal(BatchStatus.Cancelled, second.Service<BatchQueries>().Get("b-offline")!.Status);
    }

    [Fact]
    public async Task A_cancel_from_another_process_stops_the_cluster_running_the_batch_at_its_next_checkpoint()
    {
        string db = TestClusters.TempDatabase();
        await using var running = await TestClusters.StartAsync(1, db, batches: o => o.CheckpointInterval = TimeSpan.FromMilliseconds(200));
        string sha = await TestClusters.StoreScenario(running.Client, TestClusters.V1Scenarios + "baseline.yaml");
        var grain = running.Client.GetGrain<IBatchGrain>("b-elsewhere");
        await grain.Submit(new BatchRequest(sha, 1, 50_000_000, 1024, 16_384));
        var queries = running.Service<BatchQueries>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (queries.Get("b-elsewhere")!.TrialsDone == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        // A second cluster on the same file (the CLI's cancel, run while another process runs the batch).
        await using (var other = await TestClusters.StartAsync(1, db, resumeUnfinishedBatches: false))
            Assert.Equal(BatchStatus.Cancelled, (await other.Client.GetGrain<IBatchGrain>("b-elsewhere").Cancel()).Status);
        var atCancel = queries.Get("b-elsewhere")!;

        // The running cluster's next checkpoint finds the row changed, takes it as the truth and stops.
        var view = await grain.WaitUntilFinished(TimeSpan.FromMilliseconds(100), cancellationToken: new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(BatchStatus.Cancelled, view.Status);
        await Task.Delay(1000); // a further checkpoint, had the loop gone on
        var after = queries.Get("b-elsewhere")!;
        Assert.Equal(atCancel.Version, after.Version);
        Assert.Equal(atCancel.TrialsDone, after.TrialsDone);
        Assert.True(after.TrialsDone < 50_000_000);
    }
}
